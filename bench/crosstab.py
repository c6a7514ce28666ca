"""Cross-tabulation of two questions at 1,000 / 10,000 / 100,000 responses (budget: under a
second at 100,000).

`python -m bench.crosstab [--sizes 1000,10000,100000] [--database-url URL]`: a fresh SQLite
file (or the given database) with the demo data, responses bulk-inserted by `bench.scale.fill`,
then the median of five runs of `webapp.surveys.crosstab.crosstab` for three pairs: a single
choice by a multiple choice, a scale by a single choice, and the same narrowed to those who
chose one option; and the staff cross-tab page itself.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from bench.scale import grown

BUDGET_S = 1.0


def _median(run, times: int = 5) -> tuple[float, float]:
    """Median wall-clock seconds and median CPU seconds of this process (SQLite runs in it, so
    CPU time is what other work on a shared machine does not stretch)."""
    seconds, cpu = [], []
    for _ in range(times):
        started, cpu_started = time.perf_counter(), time.process_time()
        run()
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return statistics.median(seconds), statistics.median(cpu)


def _page_s(app, survey_id: int, query: str) -> tuple[float, float]:
    from webapp.demo import DEMO_PASSWORD

    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/staff/login").get_data(as_text=True))[1]
    client.post("/staff/login", data={"csrf_token": token, "email": "koordinaattori@kittila.example",
                                      "password": DEMO_PASSWORD})
    url = f"/staff/kittila/surveys/{survey_id}/crosstab?{query}"
    def load():
        assert client.get(url).status_code == 200, url

    return _median(load)


def measure(app, survey_id: int) -> dict:
    from webapp.core.database import db
    from webapp.surveys import crosstab, services
    from webapp.surveys.models import QuestionKind, Survey

    with app.test_request_context("/?lang=fi"):
        survey = services.load_questions(db.session.get(Survey, survey_id))
        single = next(q for q in survey.questions if q.kind is QuestionKind.SINGLE)
        multiple = next(q for q in survey.questions if q.kind is QuestionKind.MULTIPLE)
        scale = next(q for q in survey.questions if q.kind is QuestionKind.SCALE)
        only = crosstab.AnswerFilter(multiple, multiple.options[0].id)
        figures = {
            "single × multiple": _median(lambda: crosstab.crosstab(survey, single, multiple)),
            "scale × single": _median(lambda: crosstab.crosstab(survey, scale, single)),
            "scale × single, only one option": _median(lambda: crosstab.crosstab(survey, scale, single, only)),
        }
    figures["staff page, scale × single, filtered"] = _page_s(
        app, survey_id, f"rows={scale.id}&columns={single.id}&only={multiple.id}:{multiple.options[0].id}")
    return figures


def run(sizes=(1_000, 10_000, 100_000), database_url: str | None = None) -> list[tuple[int, dict]]:
    figures = []
    for size, found in grown(sizes, database_url, measure, slug="neuvola-2026"):
        figures.append((size, found))
        print(f"{size:,} responses:", {name: f"{s * 1000:.0f} ms ({c * 1000:.0f} ms CPU)"
                                       for name, (s, c) in found.items()}, flush=True)
    return figures


def report(figures) -> list[str]:
    names = list(figures[0][1])
    lines = [f"## Cross-tabulation of two questions (budget: under {BUDGET_S:.0f} s at 100,000 responses)", "",
             "Median wall-clock time, with the CPU time of the process in brackets.", "",
             "| responses | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for size, f in figures:
        lines.append(f"| {size:,} | " + " | ".join(f"{f[name][0] * 1000:.0f} ms ({f[name][1] * 1000:.0f} ms)"
                                                   for name in names) + " |")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    figures = run(tuple(int(n) for n in args.sizes.split(",")), args.database_url)
    print("\n".join(report(figures)))


if __name__ == "__main__":
    main()
