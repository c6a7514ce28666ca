"""No answer lost, none stored twice: many families at once against gunicorn, and a worker
killed in the middle. Runs on the suite's database (SQLite in WAL mode, or PostgreSQL in CI);
bounded in count and time. Figures of speed belong to `make bench`, not here."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import TEST_SECRET, free_port
from tests.survey_factory import make_survey
from webapp.extensions import db
from webapp.surveys.models import Response, UsedSubmission

ROOT = Path(__file__).resolve().parent.parent


class Gunicorn:
    def __init__(self, database_url: str, workers: int = 2):
        self.port = free_port()
        env = {**os.environ, "YHESSA_ENV": "testing", "DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET,
               "RATELIMIT_ENABLED": "0"}
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{self.port}", "--workers",
             str(workers), "--log-level", "warning", "webapp:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self) -> str:
        self.process.terminate()
        try:
            _out, err = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate()
        return err.decode(errors="replace")


def request(port, method, path, body=None, cookie=""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace"), response.getheader("Set-Cookie") or ""
    finally:
        connection.close()


class Family:
    """One phone: opens the survey, answers, and retries the same answers when the network fails
    (as the page's script does with the draft it keeps)."""

    def __init__(self, port, survey):
        self.port, self.survey = port, survey

    def answer_once(self) -> tuple[str, list[int]]:
        status, html, set_cookie = request(self.port, "GET", self.survey.url)
        assert status == 200, status
        cookie = set_cookie.split(";")[0]
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"csrf_token": csrf, "token": token, f"q{self.survey.single}": self.survey.mother,
                                       f"q{self.survey.long}": "Iltavastaanotto olisi hyvä ʹǩ"})
        codes = []
        for _attempt in range(20):
            try:
                status, _html, _cookie = request(self.port, "POST", self.survey.url, body, cookie)
            except (OSError, http.client.HTTPException):
                codes.append(0)  # the connection died: try again with the same token
                time.sleep(0.1)
                continue
            codes.append(status)
            if status < 500:
                break
            time.sleep(0.1)
        return token, codes


def stored(app) -> tuple[int, int]:
    with app.app_context():
        responses = db.session.scalar(sa.select(sa.func.count()).select_from(Response))
        nonces = db.session.scalar(sa.select(sa.func.count()).select_from(UsedSubmission))
        return responses, nonces


@pytest.fixture
def survey(app, factory):
    org = factory.organisation("kittila")
    return make_survey(app, org)


def test_2000_submissions_from_32_clients_lose_and_duplicate_nothing(app, settings, survey):
    server = Gunicorn(settings["SQLALCHEMY_DATABASE_URI"])
    try:
        family = Family(server.port, survey)
        with ThreadPoolExecutor(32) as pool:
            results = list(pool.map(lambda _: family.answer_once(), range(2000)))
    finally:
        errors = server.stop()
    final = Counter(codes[-1] for _token, codes in results)
    assert final == {302: 2000}, (final, errors[-2000:])
    assert all(codes == [302] for _token, codes in results), "no retries were needed, no 5xx"
    assert stored(app) == (2000, 2000)


def test_a_worker_killed_during_load_loses_no_acknowledged_answer(app, settings, survey):
    server = Gunicorn(settings["SQLALCHEMY_DATABASE_URI"])
    try:
        family = Family(server.port, survey)
        killed = []

        def kill_a_worker():
            time.sleep(1.0)
            victim = server.workers()[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

        killer = threading.Thread(target=kill_a_worker)
        killer.start()
        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(lambda _: family.answer_once(), range(600)))
        killer.join()
    finally:
        server.stop()
    assert killed, "a worker was killed"
    acknowledged = [token for token, codes in results if codes[-1] == 302]
    assert len(acknowledged) == 600, Counter(codes[-1] for _token, codes in results)
    responses, nonces = stored(app)
    assert responses == nonces == 600, "every acknowledged answer is stored, each once"
