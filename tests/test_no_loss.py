"""No answer lost, none stored twice: many families at once against gunicorn, and a worker
killed in the middle. Runs on the suite's database (SQLite in WAL mode, or PostgreSQL in CI);
bounded in count and time. Figures of speed belong to `make bench`, not here."""

from __future__ import annotations

import http.client
import os
import re
import signal
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from tests.servers import Gunicorn, request
from tests.survey_factory import make_survey
from webapp.core.database import db
from webapp.surveys.models import Response, UsedSubmission


class Family:
    """One phone: opens the survey, answers, and retries the same answers when the network fails
    (as the page's script does with the draft it keeps)."""

    def __init__(self, port, survey):
        self.port, self.survey = port, survey

    def answer_once(self) -> tuple[str, list[int]]:
        for _attempt in range(20):  # opening the page can meet the killed worker too
            try:
                status, html, cookie = request(self.port, "GET", self.survey.url)
                break
            except (OSError, http.client.HTTPException):
                time.sleep(0.1)
        assert status == 200, status
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"token": token, f"q{self.survey.single}": self.survey.mother,
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
    server = Gunicorn(settings["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED="0")
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
    server = Gunicorn(settings["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED="0")
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
