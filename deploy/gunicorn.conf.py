"""gunicorn settings for production (`gunicorn -c deploy/gunicorn.conf.py "webapp:create_app()"`).

The test suite serves the app with this file too (tests/servers.py), so what runs in
production is what the no-loss tests load.
"""

import multiprocessing
import os

bind = os.environ.get("YHESSA_BIND", "127.0.0.1:8000")  # behind the TLS proxy, never public
# Sync workers: each request is short and database-bound; two per core is enough for a county.
workers = int(os.environ.get("YHESSA_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
timeout = 30  # a CSV export streams; it keeps the worker busy, not silent
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
