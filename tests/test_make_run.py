"""`make run` on a checkout serves the demo with its outbox worker: a family that signs up finds
its confirmation email written to the development mailbox, with nothing else started."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import csrf_from, free_port
from tests.servers import request
from tests.volunteer_factory import SIGNUP

ROOT = Path(__file__).resolve().parent.parent


def test_make_run_delivers_a_sign_up_email_to_the_development_mailbox(tmp_path):
    port = free_port()
    outbox = tmp_path / "outbox"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "OUTBOX_DIR": str(outbox),
           "YHESSA_ENV": "development"}
    env.pop("SMTP_URL", None)
    log = (tmp_path / "make-run.log").open("wb")
    make = subprocess.Popen(["make", "run", "HOST=127.0.0.1", f"PORT={port}", "WORKERS=1"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180  # the demo data is loaded first
        while True:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert make.poll() is None and time.monotonic() < deadline, "make run did not start"
            time.sleep(0.5)
        _status, html, cookie = request(port, "GET", "/kittila/join")
        form = {**{k: v for k, v in SIGNUP.items() if not isinstance(v, list)}, "email": "uusi@perhe.example",
                "csrf_token": csrf_from(html)}
        body = urlencode(form) + "".join(f"&{k}={v}" for k, values in SIGNUP.items() if isinstance(values, list)
                                         for v in values)
        assert request(port, "POST", "/kittila/join", body=body, cookie=cookie)[0] == 302
        deadline = time.monotonic() + 30  # the worker polls every few seconds
        mails = []
        while not mails and time.monotonic() < deadline:
            mails = [p.read_text(errors="replace") for p in outbox.glob("*.eml")]
            time.sleep(0.5)
        assert any("uusi@perhe.example" in mail and re.search(r"/kittila/join/confirm/", mail) for mail in mails)
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        try:
            make.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
        log.close()
