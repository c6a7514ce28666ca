"""Two app processes on different ports sharing one database and one Redis: a rate limit counts
requests to both, and a session started on one is valid on the other."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.parse

import pytest

from tests.conftest import PASSWORD, free_port
from tests.idea_factory import make_board
from tests.servers import Gunicorn, request


@pytest.fixture
def redis_url():
    binary = shutil.which("redis-server")
    if binary is None:
        message = "NO REDIS: redis-server not found; install Debian's redis-server"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def form_token(port, path, cookie=""):
    status, html, set_cookie = request(port, "GET", path, cookie=cookie)
    assert status == 200, (path, status)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1), set_cookie or cookie


def test_rate_limits_and_sessions_hold_across_two_processes(app, settings, factory, redis_url):
    org = factory.organisation("kittila")
    board = make_board(app, org)
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    url = settings["SQLALCHEMY_DATABASE_URI"]
    first = Gunicorn(url, workers=1, RATELIMIT_STORAGE_URI=redis_url)
    second = Gunicorn(url, workers=1, RATELIMIT_STORAGE_URI=redis_url)
    try:
        # The idea form stores 10 ideas in 10 minutes from one address, whichever process answers.
        codes = []
        for number in range(11):
            server, other = (first, second) if number % 2 == 0 else (second, first)
            csrf, cookie = form_token(other.port, f"{board.url}/new")  # the form from one, the post to the other
            body = urllib.parse.urlencode({"csrf_token": csrf, "title": f"Idea {number}", "body": "Hyvä idea"})
            codes.append(request(server.port, "POST", f"{board.url}/new", body, cookie)[0])
        assert codes == [302] * 10 + [429]

        csrf, cookie = form_token(first.port, "/staff/login")
        body = urllib.parse.urlencode({"csrf_token": csrf, "email": "k@kittila.example", "password": PASSWORD})
        status, _html, set_cookie = request(first.port, "POST", "/staff/login", body, cookie)
        assert status == 302
        session = set_cookie
        assert request(second.port, "GET", "/staff/kittila/", cookie=session)[0] == 200
    finally:
        first.stop()
        second.stop()
