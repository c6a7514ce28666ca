"""Real servers for tests: the app under gunicorn, and a plain HTTP client for it."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import TEST_SECRET, free_port

ROOT = Path(__file__).resolve().parent.parent


class Gunicorn:
    """The app under gunicorn on a free loopback port, on the suite's database; `env` adds settings."""

    def __init__(self, database_url: str, workers: int = 2, **env):
        self.port = free_port()
        env = {**os.environ, "YHESSA_ENV": "testing", "DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET, **env}
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "webapp:create_app()"],
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
        cookies = "; ".join(value.split(";")[0] for value in response.msg.get_all("Set-Cookie") or [])
        return response.status, response.read().decode(errors="replace"), cookies
    finally:
        connection.close()


