"""gunicorn settings for production (`gunicorn -c deploy/gunicorn.conf.py "webapp:create_app()"`).

The test suite serves the app with this file too (tests/servers.py), so what runs in
production is what the no-loss tests load.
"""

import multiprocessing
import os

bind = os.environ.get("YHESSA_BIND", "127.0.0.1:8000")  # behind the TLS proxy, never public
workers = int(os.environ.get("YHESSA_WORKERS", 2 * multiprocessing.cpu_count()))
# Threaded workers. A sync worker tells the arbiter it is alive only between requests, so the
# arbiter killed it `timeout` seconds into any long response, a streamed CSV export of 100,000
# survey responses (about 40 s) among them, however steadily it was streaming. A gthread
# worker's main loop keeps telling it while its threads serve, so `timeout` catches a worker
# that is really stuck and no longer cuts an export short.
worker_class = "gthread"
threads = int(os.environ.get("YHESSA_THREADS", 4))
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
# No access log: self-service links carry a token in their path (README, "Running several app processes").
accesslog = None
errorlog = "-"
loglevel = "warning"
# The proxy on the same host sets X-Forwarded-*; the app trusts them only with PROXY_FIX_HOPS=1.
forwarded_allow_ips = "127.0.0.1"


def on_starting(server):
    """Tell the workers how many of them there are (the command line's --workers included):
    production refuses to start several with rate limits kept in each process's memory."""
    os.environ["YHESSA_SERVING_PROCESSES"] = str(server.cfg.workers)
