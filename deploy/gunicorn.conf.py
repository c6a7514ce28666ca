"""gunicorn settings for production (`gunicorn -c deploy/gunicorn.conf.py "webapp:create_app()"`).

The test suite serves the app with this file too (tests/servers.py), so what runs in
production is what the no-loss tests load.
"""

import multiprocessing
import os
import sys

bind = os.environ.get("YHESSA_BIND", "127.0.0.1:8000")  # behind the TLS proxy, never public
workers = int(os.environ.get("YHESSA_WORKERS", 2 * multiprocessing.cpu_count()))
# Threaded workers. A sync worker tells the arbiter it is alive only between requests, so the
# arbiter killed it `timeout` seconds into any long response, a streamed CSV export of 100,000
# survey responses (about 40 s) among them, however steadily it was streaming. A gthread
# worker's main loop keeps telling it while its threads serve, so `timeout` catches a worker
# that is really stuck and no longer cuts an export short.
worker_class = "gthread"
# A worker's threads share one Python interpreter lock. A thread that lets go of it (a system
# call, a database round trip, a checksum over more than 5 KB) may wait for another to hand it
# back, so the survey page keeps it outside its one database lookup
# (tests/test_survey_page.py::test_a_cached_first_visit_keeps_the_interpreter_lock_outside_its_lookup).
threads = int(os.environ.get("YHESSA_THREADS", 4))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Workers are not recycled. With `max_requests = 2000` a worker restarted every 2,000 requests,
# under load every few seconds; each restart took 1.2 s, in which the requests queued at that
# worker waited, and the p99 rose to 0.3–1.6 s while the median was 4–16 ms. Without restarts
# the same app served 1.4–1.7 × more requests with a p99 of 12–40 ms. Nothing in the app grows
# without bound (the survey page cache holds at most 256 pages), so there is nothing to recycle.
max_requests = 0
# The app is loaded once in the master and the workers are forked from it, ready: a worker that
# is replaced (one that crashed or was stuck past `timeout`) starts in milliseconds rather than
# importing and building the app again, and the workers share the loaded code's memory. The
# master also does the first-request work before forking (`warm_up`: the ORM's mappers, every
# template). Nothing in `create_app()` opens a database or Redis connection, so no connection is
# shared between processes. New code needs `systemctl restart yhessa`, not `reload`.
preload_app = True


def when_ready(server):
    from webapp import warm_up

    warm_up(server.app.wsgi())

# No access log: self-service links carry a token in their path (README, "Running several app processes").
accesslog = None
errorlog = "-"
loglevel = "warning"
# The proxy on the same host sets X-Forwarded-*; the app trusts them only with PROXY_FIX_HOPS=1.
forwarded_allow_ips = "127.0.0.1"


def _workers_on_the_command_line() -> str | None:
    arguments = sys.argv[1:]
    for position, argument in enumerate(arguments):
        if argument in ("-w", "--workers") and position + 1 < len(arguments):
            return arguments[position + 1]
        if argument.startswith("--workers="):
            return argument.split("=", 1)[1]
    return None


# The app is preloaded in the master before any server hook runs, so the number of workers it must
# know (see on_starting) is set here, from the command line or this file, before it is created.
os.environ["YHESSA_SERVING_PROCESSES"] = _workers_on_the_command_line() or str(workers)


def on_starting(server):
    """Tell the workers how many of them there are (the command line's --workers included):
    production refuses to start several with rate limits kept in each process's memory."""
    os.environ["YHESSA_SERVING_PROCESSES"] = str(server.cfg.workers)
