"""A county's survey compared across its municipalities: counts from each municipality's
answer tallies, side by side, with the small-number rule applied per municipality.

A municipality whose copy has fewer than five responses, or a question fewer than five people
in that municipality answered, shows "too few answers" in place of its numbers. The county's
total adds up only the municipalities shown, so that it cannot be used to work out a hidden
one by subtraction. Free-text answers are never compared: they stay with the municipality.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from webapp.core.database import db
from webapp.core.i18n import localize
from webapp.core.tabular import Cell
from webapp.orgs.models import Organisation
from webapp.regions.models import RegionSurveyCopy
from webapp.regions.services import copies_of
from webapp.surveys import services as surveys
from webapp.surveys.models import Question, QuestionKind, Response, Survey, Tally
from webapp.surveys.results import MIN_RESPONSES_SHOWN

#: Questions whose answers are counted; text answers are not compared.
COMPARED = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.YES_NO)


@dataclass
class Place:
    """One municipality's column (or the county's total, `organisation` None)."""

    organisation: Organisation | None
    survey: Survey | None
    responses: int

    @property
    def is_too_few(self) -> bool:
        return self.responses < MIN_RESPONSES_SHOWN


@dataclass
class Counts:
    """One question in one place: how many answered it and the count of each choice."""

    respondents: int = 0
    counts: list[int] = field(default_factory=list)
    is_too_few: bool = False

    def share(self, index: int) -> int:
        """The share of those who answered that gave choice `index`, in whole percent."""
        return round(100 * self.counts[index] / self.respondents) if self.respondents else 0

    @property
    def average(self) -> float | None:
        """For a scale 1–5: the average (counts are for 1…5 in order)."""
        total = sum(self.counts)
        return sum((i + 1) * n for i, n in enumerate(self.counts)) / total if total else None


@dataclass
class Row:
    question: Question
    choices: list[str]
    cells: list[Counts]


@dataclass
class Comparison:
    places: list[Place]
    total: Place
    rows: list[Row]


def _choices(question: Question) -> list[tuple[str, object]]:
    """The choices of a compared question: (label, key) with the option's id or the value."""
    if question.kind.has_options:
        return [(localize(option.label), option.id) for option in question.options]
    if question.kind is QuestionKind.SCALE:
        return [(str(value), value) for value in range(1, 6)]
    return [(_("Yes"), 1), (_("No"), 0)]


def _tallies(survey_ids: list[int]) -> dict[int, dict[tuple, int]]:
    found: dict[int, dict[tuple, int]] = defaultdict(dict)
    if not survey_ids:
        return found
    query = (sa.select(Tally.survey_id, Tally.question_id, Tally.kind, Tally.option_key, Tally.value_key,
                       sa.func.sum(Tally.count))
             .where(Tally.survey_id.in_(survey_ids), Tally.kind.in_(["option", "value", "respondent"]))
             .group_by(Tally.survey_id, Tally.question_id, Tally.kind, Tally.option_key, Tally.value_key))
    for survey_id, question_id, kind, option_key, value_key, n in db.session.execute(query):
        found[survey_id][(question_id, kind, option_key, value_key)] = int(n)
    return found


def _responses(survey_ids: list[int]) -> dict[int, int]:
    if not survey_ids:
        return {}
    return {survey_id: n for survey_id, n in db.session.execute(sa.select(Response.survey_id, sa.func.count()).where(
        Response.survey_id.in_(survey_ids)).group_by(Response.survey_id))}


def _cell(question: Question, copy: RegionSurveyCopy, counted: dict[tuple, int], place: Place) -> Counts:
    question_id = copy.question_map.get(str(question.id))
    respondents = counted.get((question_id, "respondent", 0, -1), 0)
    if question.kind.has_options:
        keys = [(question_id, "option", copy.option_map.get(str(option.id)), -1) for option in question.options]
    else:
        keys = [(question_id, "value", 0, value) for _label, value in _choices(question)]
    return Counts(respondents, [counted.get(key, 0) for key in keys],
                 is_too_few=place.is_too_few or respondents < MIN_RESPONSES_SHOWN)


def compare(master: Survey) -> Comparison:
    """The county's survey, question by question, in each municipality that runs it."""
    surveys.load_questions(master)
    copies = copies_of(master)
    ids = [survey.id for _copy, _member, survey in copies]
    responses, counted = _responses(ids), _tallies(ids)
    places = [Place(member, survey, responses.get(survey.id, 0)) for _copy, member, survey in copies]
    total = Place(None, None, sum(place.responses for place in places if not place.is_too_few))
    rows = []
    for question in master.questions:
        if question.is_retired or question.kind not in COMPARED:
            continue
        choices = _choices(question)
        cells = [_cell(question, copy, counted[survey.id], place)
                 for (copy, _member, survey), place in zip(copies, places, strict=True)]
        shown = [cell for cell in cells if not cell.is_too_few]
        summed = Counts(sum(cell.respondents for cell in shown),
                       [sum(cell.counts[i] for cell in shown) for i in range(len(choices))])
        summed.is_too_few = summed.respondents < MIN_RESPONSES_SHOWN
        rows.append(Row(question, [label for label, _key in choices], [*cells, summed]))
    return Comparison(places, total, rows)


def export_rows(comparison: Comparison, too_few_text: str) -> list[list[Cell]]:
    """The comparison as a table: a row per question and choice, for each municipality the
    count and the share in percent (or the too-few text), then the county's total."""
    names = [localize(place.organisation.name) for place in comparison.places] + [_("All shown municipalities")]
    header: list[Cell] = [_("Question"), _("Answer")]
    for name in names:
        header += [_("%(place)s: answers", place=name), _("%(place)s: %%", place=name)]
    rows: list[list[Cell]] = [header]
    respondents: list[Cell] = [_("Responses"), ""]
    for place in [*comparison.places, comparison.total]:
        respondents += [too_few_text if place.is_too_few else place.responses, None]
    rows.append(respondents)
    for number, row in enumerate(comparison.rows, 1):
        for index, choice in enumerate(row.choices):
            line: list[Cell] = [f"{number}. {localize(row.question.text)}", choice]
            for cell in row.cells:
                line += [too_few_text, None] if cell.is_too_few else [cell.counts[index], cell.share(index)]
            rows.append(line)
    return rows
