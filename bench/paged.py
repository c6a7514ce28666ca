"""Page weight of a survey with conditions and three pages (issue 24's budget), page by page.

`make bench` adds a paged copy of the demo survey (its eleven questions, the follow-up among them,
in three sections that are pages) and walks it in Chromium: once with JavaScript on, recording the
compressed HTML of each page and everything transferred for it, and once with JavaScript off, where
the server pages through, to the thank-you page. Standalone: `.venv/bin/python -m bench.paged`
(its own database and gunicorn on loopback).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "neuvola-2026-sivut"
PAGED = f"/kittila/surveys/{SLUG}"
#: The questions of the demo survey that start a section, and so a page.
SECTIONS = {0: {"fi": "Perhe ja palvelut", "se": "Bearaš ja bálvalusat"},
            4: {"fi": "Asiointi", "se": "Gulahallan"},
            7: {"fi": "Lopuksi", "se": "Loahpas"}}
HTML_BUDGET, TRANSFER_BUDGET = 14 * 1024, 30 * 1024


def add_paged_survey(env: dict) -> None:
    """Create the paged copy in the database `env` points at (in a process of its own)."""
    subprocess.run([sys.executable, "-c", "from bench.paged import _create; _create()"], cwd=ROOT, env=env,
                   check=True, capture_output=True)


def _create() -> None:
    import sqlalchemy as sa

    from webapp import create_app
    from webapp.core.database import db
    from webapp.orgs.models import Organisation
    from webapp.surveys import demo, services
    from webapp.surveys.models import SurveyAudience, SurveyStatus

    app = create_app()
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "kittila"))
        survey = services.create_survey(organisation, slug=SLUG, audience=SurveyAudience.PUBLIC,
                                        locales=["fi", "se"], title={"fi": "Neuvolakysely sivuittain",
                                                                     "se": "Rávvehatjearahallan siidduid mielde"})
        survey.is_paged = True
        created = []
        for index, (kind, text, required, options, extra) in enumerate(demo.QUESTIONS):
            extra = dict(extra)
            if "shown_if" in extra:
                target, values = extra.pop("shown_if")
                extra.update(condition_question_id=created[target].id, condition_values=values)
            question = services.save_question(survey, None, kind=kind, text=text, is_required=required,
                                              section=SECTIONS.get(index), **extra)
            created.append(question)
            services.add_options(question, options)
        services.change_status(survey, SurveyStatus.OPEN)
        db.session.commit()


def _answer_page(page) -> None:
    """The first choice of every choice and scale question on the page (required ones included)."""
    answered = set()
    for radio in page.locator("input[type=radio]").element_handles():
        name = radio.get_attribute("name")
        if name not in answered and radio.evaluate("el => !el.disabled && !el.closest('[hidden]')"):
            answered.add(name)
            radio.check(force=True)  # the scale's inputs sit under their labels


def walk(url: str, chromium: str, *, javascript: bool) -> tuple[list[tuple[int, int, int]], bool]:
    """Each page of the paged survey as (HTML bytes as sent, bytes transferred, requests), and whether
    the thank-you page was reached."""
    from playwright.sync_api import sync_playwright

    pages: list[tuple[int, int, int]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI",
                                      java_script_enabled=javascript)
        page = context.new_page()
        finished: list = []
        page.on("requestfinished", lambda request: finished.append(request))

        def measure():
            page.wait_for_load_state("networkidle")
            html = total = 0
            for request in finished:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                if request.resource_type == "document":
                    html = sizes["responseBodySize"]
            pages.append((html, total, len(finished)))
            finished.clear()

        page.goto(url + PAGED)
        measure()
        thanked = False
        for _ in range(6):
            _answer_page(page)
            with page.expect_navigation():
                page.locator("button.send").click()
            if page.url.split("?")[0].endswith("/thanks"):
                thanked = True
                break
            measure()
        context.close()
        browser.close()
    return pages, thanked


def report(url: str, chromium: str) -> list[str]:
    lines = ["## A survey with conditions and three pages (budget per page: HTML ≤ 14 KB gzip, everything ≤ 30 KB)",
             "", f"`{PAGED}`: the demo survey's eleven questions (one a follow-up) in three sections that are "
             "pages. Each page as Chromium loaded it (the first with the style sheet and script; later pages are "
             "the POST that turns the page).", "",
             "| page | JavaScript | HTML as sent | transferred | requests | within budget |",
             "|---|---|---|---|---|---|"]
    for javascript in (True, False):
        pages, thanked = walk(url, chromium, javascript=javascript)
        for number, (html, total, count) in enumerate(pages, 1):
            ok = html <= HTML_BUDGET and total <= TRANSFER_BUDGET
            lines.append(f"| {number} of {len(pages)} | {'on' if javascript else 'off'} | {html / 1024:.1f} KB | "
                         f"{total / 1024:.1f} KB | {count} | {'yes' if ok else '**no**'} |")
        lines.append(f"| thank-you page reached | {'on' if javascript else 'off'} | "
                     f"{'yes' if thanked else '**no**'} | | | |")
    return [*lines, ""]


def main() -> int:
    from bench.__main__ import CHROMIUM, Gunicorn, prepare_database

    with tempfile.TemporaryDirectory() as tmp:
        env = prepare_database(Path(tmp))
        add_paged_survey(env)
        app = Gunicorn("webapp:create_app()", env, 1)
        try:
            print("\n".join(report(app.url, CHROMIUM)))
        finally:
            app.stop()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    sys.exit(main())
