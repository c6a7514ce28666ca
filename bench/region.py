"""A wellbeing services county at county size: the region comparison and a municipality's
results page, timed (budget: under 300 ms each).

`python -m bench.region [--database-url URL] [--municipalities 21] [--responses 200000]
[--ideas 20000] [--volunteers 30000]` builds a fresh database (SQLite file by default; give a
PostgreSQL URL to bench there), loads the demo data (the county `lappi` with Kittilä and
Sodankylä), adds municipalities up to `--municipalities`, runs the county's demo survey in all
of them and bulk-inserts the responses spread over them (Sodankylä keeps three, to show the
small-number rule), with their tallies rebuilt as the answering service would have kept
them; ideas and developer-clients go in through the demo volume loader, spread the same way.
Then it prints the median of five loads (after one warm-up) of each page, signed in as the
county's and Kittilä's coordinators.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def _fill_copy(survey, organisation_id: int, count: int, rng: random.Random) -> None:
    """`count` web responses with an answer to every question of a municipality's copy."""
    from webapp.core.database import db
    from webapp.surveys.models import Answer, Response
    from webapp.surveys.tallies import rebuild_tallies

    questions = [(q.id, q.kind.value, [o.id for o in q.options]) for q in survey.questions]
    start = db.session.scalar(db.select(db.func.coalesce(db.func.max(Response.id), 0)))
    responses, answers = [], []
    for n in range(count):
        rid = start + n + 1
        responses.append({"id": rid, "organisation_id": organisation_id, "survey_id": survey.id,
                          "submitted_on": date(2026, 1, 1) + timedelta(days=n % 300), "locale": "fi",
                          "channel": "web"})
        for question_id, kind, option_ids in questions:
            if option_ids:
                answers.append({"response_id": rid, "question_id": question_id, "option_id": rng.choice(option_ids),
                                "value": None, "text": None, "is_hidden": False})
            else:
                answers.append({"response_id": rid, "question_id": question_id, "option_id": None,
                                "value": rng.randint(1, 5) if kind == "scale" else rng.randint(0, 1), "text": None,
                                "is_hidden": False})
        if len(answers) > 50_000:
            db.session.execute(db.insert(Response), responses)
            db.session.execute(db.insert(Answer), answers)
            responses, answers = [], []
    if responses:
        db.session.execute(db.insert(Response), responses)
        db.session.execute(db.insert(Answer), answers)
    rebuild_tallies(survey.id)
    db.session.commit()


def build(app, municipalities: int, responses: int, ideas: int, volunteers: int) -> dict:
    from webapp.core.database import db
    from webapp.core.features import registry
    from webapp.demo import SERVICE_AREAS, load_demo_data
    from webapp.demo.volume import Volume, load_volume
    from webapp.orgs.services import create_organisation, find_organisation, save_service_area
    from webapp.regions import demo as region_demo
    from webapp.regions import services
    from webapp.surveys.models import Survey
    from webapp.surveys.services import find_survey, load_questions

    rng = random.Random(28)
    with app.app_context():
        load_demo_data()
        db.session.commit()
        region = find_organisation("lappi")
        for number in range(len(services.members_of(region)) + 1, municipalities + 1):
            member = create_organisation(f"kunta{number:02d}", {"fi": f"Kunta {number:02d}"})
            for key, name in SERVICE_AREAS:
                save_service_area(member, None, key=key, name=name)
            db.session.flush()
            db.session.refresh(member, ["service_areas"])
            for load in registry().demo_loaders:  # each has its own demo survey, board and guide
                load(member)
            services.add_member(region, member)
        db.session.commit()
        master = find_survey(region, region_demo.SURVEY_SLUG)
        members = services.members_of(region)
        for member in members:
            services.run_in(region, master, member, open_now=True)
        db.session.commit()
        master_id, count = master.id, len(members)
        # Plain values: filling a copy rebuilds its tallies, which empties the session.
        copies = [(member.slug, member.id, copy.id) for _record, member, copy in services.copies_of(master)]
        per_member = responses // (count - 1)
        for slug, member_id, copy_id in copies:
            if slug != "sodankyla":
                _fill_copy(load_questions(db.session.get(Survey, copy_id)), member_id, per_member, rng)
        if ideas or volunteers:
            for slug, _member_id, _copy_id in copies:
                load_volume(find_organisation(slug), Volume(ideas=ideas // count, responses=0,
                                                            volunteers=volunteers // count, backlog_items=20))
                db.session.commit()
        return {"master": master_id, "kittila_copy": dict((s, c) for s, _m, c in copies)["kittila"],
                "per_member": per_member, "members": count}


def _median_ms(client, url: str) -> float:
    times = []
    for _ in range(6):
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times[1:])


def _signed_in(app, email: str):
    from webapp.demo import DEMO_PASSWORD

    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/staff/login").get_data(as_text=True))[1]
    client.post("/staff/login", data={"csrf_token": token, "email": email, "password": DEMO_PASSWORD})
    return client


def run(database_url: str | None, municipalities: int, responses: int, ideas: int, volunteers: int) -> list[str]:
    from flask_migrate import upgrade

    from webapp import create_app

    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'region.sqlite3'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" * 8, "OUTBOX_DIR": tmp})
        with app.app_context():
            upgrade()
        started = time.perf_counter()
        built = build(app, municipalities, responses, ideas, volunteers)
        load_s = time.perf_counter() - started
        county = _signed_in(app, "koordinaattori@lappi.example")
        kittila = _signed_in(app, "koordinaattori@kittila.example")
        compare = _median_ms(county, f"/staff/lappi/region/surveys/{built['master']}")
        export = _median_ms(county, f"/staff/lappi/region/surveys/{built['master']}/compare.csv")
        results = _median_ms(kittila, f"/staff/kittila/surveys/{built['kittila_copy']}/results")
    engine = url.split(":", 1)[0]
    return [f"## County size ({engine}): {built['members']} municipalities, {built['per_member']:,} responses in "
            f"each but Sodankylä (3), {ideas:,} ideas, {volunteers:,} developer-clients; loaded in {load_s:.0f} s",
            "", "| page | median of 5 | budget |", "|---|---|---|",
            f"| region comparison (county coordinator) | {compare:.0f} ms | < 300 ms |",
            f"| region comparison CSV | {export:.0f} ms | — |",
            f"| Kittilä's results page (Kittilä's coordinator) | {results:.0f} ms | < 300 ms |", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--municipalities", type=int, default=21)
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--ideas", type=int, default=20_000)
    parser.add_argument("--volunteers", type=int, default=30_000)
    args = parser.parse_args()
    print("\n".join(run(args.database_url, args.municipalities, args.responses, args.ideas, args.volunteers)))


if __name__ == "__main__":
    main()
