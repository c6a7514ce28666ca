"""Results and exports at 1,000 / 10,000 / 100,000 responses: time and peak memory.

Responses are bulk-inserted into a fresh SQLite file (or `--database-url`), then the
results aggregates, the staff results page, and the full CSV and XLSX exports are timed;
peak Python memory of each export is measured with tracemalloc.
"""

from __future__ import annotations

import random
import re
import statistics
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path


def fill(app, survey_id: int, count: int, questions) -> None:
    """Add `count` web responses with answers to every question, in large batches."""
    from webapp.core.database import db
    from webapp.surveys.models import Answer, Response

    rng = random.Random(count)
    with app.app_context():
        survey_org = db.session.execute(db.select(Response.organisation_id).limit(1)).scalar()
        start = db.session.execute(db.select(db.func.coalesce(db.func.max(Response.id), 0))).scalar()
        responses, answers = [], []
        for n in range(count):
            rid = start + n + 1
            responses.append({"id": rid, "organisation_id": survey_org, "survey_id": survey_id,
                              "submitted_on": date(2026, 1, 1) + timedelta(days=n % 300),
                              "locale": rng.choice(["fi", "fi", "se"]), "channel": "web"})
            for question_id, kind, option_ids in questions:
                if kind in ("single", "multiple"):
                    answers.append({"response_id": rid, "question_id": question_id,
                                    "option_id": rng.choice(option_ids), "value": None, "text": None,
                                    "is_hidden": False})
                elif kind in ("scale", "yes_no"):
                    answers.append({"response_id": rid, "question_id": question_id, "option_id": None,
                                    "value": rng.randint(1, 5) if kind == "scale" else rng.randint(0, 1),
                                    "text": None, "is_hidden": False})
                elif rng.random() < 0.3:
                    answers.append({"response_id": rid, "question_id": question_id, "option_id": None,
                                    "value": None, "text": "Iltavastaanotto olisi hyvä " * rng.randint(1, 4),
                                    "is_hidden": False})
            if len(answers) > 50_000:
                db.session.execute(db.insert(Response), responses)
                db.session.execute(db.insert(Answer), answers)
                responses, answers = [], []
        if responses:
            db.session.execute(db.insert(Response), responses)
            db.session.execute(db.insert(Answer), answers)
        from webapp.surveys.tallies import rebuild_tallies

        rebuild_tallies(survey_id)  # bulk rows bypass the service that keeps the tallies
        db.session.commit()


def _timed(export) -> tuple[float, float, float]:
    """Seconds, CPU seconds (which other work on a shared machine does not stretch) and peak
    Python memory (MB) of one export. The memory is measured in a second run: tracing every
    allocation takes several times as long."""
    started, cpu = time.perf_counter(), time.process_time()
    export()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, cpu, peak / 2**20


def results_page_ms(app, survey_id: int) -> float:
    """The median of five loads of the staff results page, signed in as the coordinator."""
    from webapp.demo import DEMO_PASSWORD

    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/staff/login").get_data(as_text=True))[1]
    client.post("/staff/login", data={"csrf_token": token, "email": "koordinaattori@kittila.example",
                                      "password": DEMO_PASSWORD})
    times = []
    for _ in range(6):
        started = time.perf_counter()
        assert client.get(f"/staff/kittila/surveys/{survey_id}/results").status_code == 200
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times[1:])


def measure(app, survey_id: int) -> dict:
    from webapp.core import tabular
    from webapp.core.database import db
    from webapp.surveys import results
    from webapp.surveys.models import Survey

    with app.test_request_context("/?lang=fi"):
        survey = db.session.get(Survey, survey_id)
        filters = results.Filters()
        started = time.perf_counter()
        results.count_responses(survey, filters)
        results.answer_counts(survey, filters)
        for question in survey.questions:
            if question.kind.is_text:
                results.text_answers(question, filters)
        aggregate = time.perf_counter() - started
        size = [0]

        def csv():
            size[0] = sum(len(chunk) for chunk in tabular.csv_stream(results.export_rows(survey, filters, "fi")))

        def xlsx():
            with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
                tabular.write_xlsx(results.export_rows(survey, filters, "fi"), target.name, "Vastaukset")

        csv_s, csv_cpu, csv_mb = _timed(csv)
        xlsx_s, xlsx_cpu, xlsx_mb = _timed(xlsx)
    return {"results_s": aggregate, "page_ms": results_page_ms(app, survey_id), "csv_s": csv_s, "csv_cpu": csv_cpu,
            "csv_peak_mb": csv_mb, "csv_mb": size[0] / 2**20, "xlsx_s": xlsx_s, "xlsx_cpu": xlsx_cpu,
            "xlsx_peak_mb": xlsx_mb}


def grown(sizes, database_url: str | None, measure_one, *, slug: str | None = None):
    """`(size, measure_one(app, survey_id))` as a demo survey grows to each of `sizes` responses,
    in a fresh SQLite file (or the given database) with the demo data: the survey `slug`, or the
    first one. Responses are bulk-inserted by `fill`."""
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.core.database import db
    from webapp.demo import load_demo_data
    from webapp.surveys.models import Response, Survey

    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" * 8, "OUTBOX_DIR": tmp})
        with app.app_context():
            upgrade()
            load_demo_data()
            db.session.commit()
            chosen = db.select(Survey).order_by(Survey.id)
            survey = db.session.scalar(chosen if slug is None else chosen.where(Survey.slug == slug))
            questions = [(q.id, q.kind.value, [o.id for o in q.options]) for q in survey.questions]
            survey_id = survey.id
            # The demo data has no responses yet: one real row gives fill() its organisation.
            db.session.add(Response(organisation_id=survey.organisation_id, survey_id=survey_id,
                                    submitted_on=date(2026, 1, 1), locale="fi"))
            db.session.commit()
        total = 1
        for size in sizes:
            fill(app, survey_id, size - total, questions)
            total = size
            yield size, measure_one(app, survey_id)


def run(sizes=(1_000, 10_000, 100_000), database_url: str | None = None) -> list[tuple[int, dict]]:
    return list(grown(sizes, database_url, measure))


def report(figures) -> list[str]:
    lines = ["## Scale: results and exports (budgets: results page ≤ 100 ms at 100,000; CSV ≤ 5 s and XLSX "
             "≤ 20 s at 100,000; export peak memory ≤ 1.5 × the 1,000 peak)", "",
             "Export times are wall-clock, with the CPU time in brackets (what other work on a shared machine "
             "does not stretch); memory is the peak of Python's allocations during the export.", "",
             "| responses | results aggregates | results page | CSV export | CSV size | CSV peak memory | × 1,000 "
             "| XLSX export | XLSX peak memory | × 1,000 |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    base = figures[0][1]
    for size, f in figures:
        csv_growth, xlsx_growth = f["csv_peak_mb"] / base["csv_peak_mb"], f["xlsx_peak_mb"] / base["xlsx_peak_mb"]
        lines.append(f"| {size:,} | {f['results_s'] * 1000:.0f} ms | {f['page_ms']:.0f} ms | {f['csv_s']:.2f} s "
                     f"({f['csv_cpu']:.2f} s) | {f['csv_mb']:.1f} MB | {f['csv_peak_mb']:.2f} MB | {csv_growth:.2f} | "
                     f"{f['xlsx_s']:.2f} s ({f['xlsx_cpu']:.2f} s) | {f['xlsx_peak_mb']:.2f} MB | {xlsx_growth:.2f} |")
    return lines + [""]
