"""What the survey page costs inside the app, without a server or a load generator: CPU time per
request through `app.wsgi_app` for the cached survey page (as a phone opens it from the poster,
with gzip) against the bare view of `bench/bare.py`, alternating, the least of several rounds.

`python -m bench.inprocess` — steadier than `wrk` on a shared machine, since the CPU time of
one process is what it measures; use it to compare two versions of the code. The budget itself
is checked by `python -m bench` (throughput under gunicorn, with `wrk`)."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from werkzeug.test import EnvironBuilder

from bench.__main__ import SURVEY
from bench.bare import app as bare
from webapp import create_app
from webapp.core.database import db

#: Memory written before each request with `--cold`: more than this machine's caches hold.
_EVICTED = bytearray(8 * 1024 * 1024)


def per_request(wsgi_app, environ: dict, requests: int, *, cold: bool = False) -> float:
    """CPU microseconds per request of `requests` answers to a copy of `environ`; with `cold`,
    each after the caches were filled with other memory, and only the request timed."""
    def start_response(status, _headers, _exc_info=None):
        assert status.startswith("200"), status
    spent = 0.0
    for _ in range(requests):
        if cold:
            _EVICTED[:] = _EVICTED
        started = time.process_time()
        body = wsgi_app(dict(environ), start_response)
        b"".join(body)
        getattr(body, "close", lambda: None)()
        spent += time.process_time() - started
    return spent / requests * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cold", action="store_true",
                        help="overwrite 8 MB of memory before each request, as other processes do under a server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(directory) / 'bench.sqlite3'}",
                          "SECRET_KEY": "bench-" * 8, "RATELIMIT_ENABLED": False})
        runner = app.test_cli_runner()
        for command in (["db", "upgrade"], ["demo-data"]):
            result = runner.invoke(args=command)
            assert result.exit_code == 0, result.output
        headers = {"Accept-Encoding": "gzip", "User-Agent": "bench"}
        survey = EnvironBuilder(path=SURVEY, headers=headers).get_environ()
        reference = EnvironBuilder(path="/", headers=headers).get_environ()
        per_request(app.wsgi_app, survey, 300)  # fills the page cache
        per_request(bare.wsgi_app, reference, 300)
        rounds = [(per_request(app.wsgi_app, survey, args.requests, cold=args.cold),
                   per_request(bare.wsgi_app, reference, args.requests, cold=args.cold)) for _ in range(args.rounds)]
        with app.app_context():
            db.engine.dispose()
    page, view = min(r[0] for r in rounds), min(r[1] for r in rounds)
    print(f"survey page {page:.0f} µs of CPU per request, bare view {view:.0f} µs: {page / view:.1f} × "
          f"(least of {args.rounds} rounds of {args.requests}, `{SURVEY}`, gzip{', cold caches' if args.cold else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
