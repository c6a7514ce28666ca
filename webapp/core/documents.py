"""Word documents (.docx) that municipalities edit and archive: one look for every document the app
writes (minutes, the action plan), built with python-docx."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def new_document(title: str, organisation: str, facts: Iterable[tuple[str, str]] = (),
                 landscape: bool = False, language: str = "fi-FI"):
    """A document with the organisation above its title, then `facts` (label, value) as lines
    such as the date, the place and who took part."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Calibri", Pt(11)
    _set_language(style, language)
    document.core_properties.title = title
    document.core_properties.author = organisation
    document.add_paragraph(organisation)
    document.add_heading(title, level=1)
    for label, value in facts:
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label} ").bold = True
            paragraph.add_run(value)
    _page_numbers(section)
    return document


def add_table(document, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table whose header row repeats on every page; line breaks in a cell stay line breaks."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    header_properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            lines = ("" if value is None else str(value)).split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.paragraphs[0].add_run().add_break()
                cell.paragraphs[0].add_run(line)


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_language(style, language: str) -> None:
    properties = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    properties.append(lang)


def _page_numbers(section) -> None:
    """"Page N" in the footer, as a field Word keeps up to date."""
    paragraph = section.footer.paragraphs[0]
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
