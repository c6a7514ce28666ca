"""Known and unknown addresses (L3): the median time of a password-reset request and of a
developer-client link request for an address that has an account and for one that has not,
through Flask's own request handling on a fresh SQLite file with the demo data (no network).
Requests alternate known/unknown so that drift in the shared machine hits both alike; rate
limits are off and the outbox is emptied between rounds so the per-address email cap never
cuts one path short. Also: zxcvbn's time on the longest password the form accepts.

    .venv/bin/python -m bench.address_timing [--rounds 300]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time

import sqlalchemy as sa


def _csrf(client, path: str) -> str:
    page = client.get(path, follow_redirects=True)
    assert page.status_code == 200, (path, page.status_code, page.get_data(as_text=True)[:500])
    return re.search(r"name=\"csrf_token\"[^>]*value=\"([^\"]+)\"", page.get_data(as_text=True)).group(1)


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds

    from flask_migrate import upgrade
    from zxcvbn import zxcvbn

    from webapp import create_app
    from webapp.core.database import db
    from webapp.demo import load_demo_data
    from webapp.outbox.models import OutboxMessage

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3", "SECRET_KEY": "bench-" * 8,
                          "OUTBOX_DIR": tmp, "RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade()
            load_demo_data()
            db.session.commit()
            volunteer = db.session.execute(sa.text("SELECT email FROM volunteer WHERE email IS NOT NULL "
                                                   "AND status = 'active' LIMIT 1")).scalar()
        client = app.test_client()
        paths = {"password reset": ("/staff/password-reset", "koordinaattori@kittila.example"),
                 "manage link": ("/kittila/join/manage", volunteer)}
        print(f"{rounds} requests each, alternating; median milliseconds")
        for name, (path, known) in paths.items():
            token = _csrf(client, path)
            times: dict[str, list[float]] = {"known": [], "unknown": []}
            for n in range(rounds):
                for kind, email in (("known", known), ("unknown", f"nobody{n}@perhe.example")):
                    start = time.perf_counter()
                    response = client.post(path, data={"csrf_token": token, "email": email})
                    times[kind].append(time.perf_counter() - start)
                    assert response.status_code in (200, 302), response.status_code
                with app.app_context():
                    db.session.execute(db.delete(OutboxMessage))
                    db.session.commit()
            known_ms, unknown_ms = _median_ms(times["known"]), _median_ms(times["unknown"])
            print(f"{name}: known {known_ms} ms, unknown {unknown_ms} ms, difference "
                  f"{round(known_ms - unknown_ms, 2)} ms")
    zxcvbn("warm up the dictionaries")
    for length in (20, 60, 100):
        password = ("Ǩ9!qwertyuiopasdfghjklzxcvbnm" * 4)[:length]
        start = time.perf_counter()
        zxcvbn(password, max_length=100)
        print(f"zxcvbn on a {length}-character password: {round((time.perf_counter() - start) * 1000, 1)} ms")


if __name__ == "__main__":
    main()
