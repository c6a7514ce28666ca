"""Run the benchmarks against gunicorn on loopback and write bench/results/<time>.md.

Figures are ratios measured in one run (the machine is shared and noisy): the app's
page throughput against a bare Flask view under the same gunicorn settings, and page
weights against the budgets of DESIGN.md.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SURVEY = "/kittila/surveys/neuvola-2026"
GUIDE = ["/kittila/services", "/kittila/services/lastenneuvola"]
PAGES = [SURVEY, "/kittila/ideas/neuvola", "/kittila/join", "/kittila/progress", *GUIDE, "/", "/kittila/",
         "/kittila/privacy", "/kittila/accessibility", "/staff/login"]
LIGHTHOUSE_PAGES = [SURVEY, "/kittila/ideas/neuvola", "/kittila/join", "/kittila/progress", *GUIDE, "/kittila/", "/"]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving `target` on a free loopback port with fixed settings."""

    def __init__(self, target: str, env: dict, workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--log-level", "warning", target],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{target} did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def drive(url: str, one, *, requests: int, clients: int, seconds: float) -> dict:
    """Bounded load: `clients` keep-alive connections, at most `requests` in `seconds`; `one(connection)`
    makes one timed request and returns `(seconds, ok)`."""
    host, port = url.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + seconds

    def client():
        nonlocal errors
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            try:
                elapsed, ok = one(connection)
            except (OSError, http.client.HTTPException, AttributeError):
                elapsed, ok = 0.0, False
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=10)
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies), "errors": errors, "rps": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
    }


def load(url: str, path: str, cookie: str = "", **limits) -> dict:
    """GETs of one page, timed; with `cookie`, as a returning visitor."""
    headers = {"Accept-Encoding": "gzip", **({"Cookie": cookie} if cookie else {})}

    def one(connection):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return time.perf_counter() - started, response.status == 200
    return drive(url, one, **limits)


def session_cookie(url: str) -> str:
    """The session cookie a first visit to `url` sets (it holds the CSRF token)."""
    with urllib.request.urlopen(url) as response:
        return response.headers["Set-Cookie"].split(";")[0]


def submit_load(url: str, **limits) -> dict:
    """Families answering: each submission loads the survey (tokens, cookie), then POSTs one
    answer to every choice question; the POST's latency is measured, a 302 is success."""
    def one(connection):
        connection.request("GET", SURVEY)
        page = connection.getresponse()
        html = page.read().decode()
        cookie = "; ".join(value.split(";")[0] for value in page.msg.get_all("Set-Cookie") or [])
        fields = {"csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1),
                  "token": re.search(r'name="token" value="([^"]+)"', html).group(1)}
        for name, value in re.findall(r'type="radio" id="[^"]+" name="(q\d+)" value="([^"]+)"', html):
            fields.setdefault(name, value)  # the first option of every single-choice and scale question
        started = time.perf_counter()
        connection.request("POST", SURVEY, body=urllib.parse.urlencode(fields),
                           headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return time.perf_counter() - started, response.status == 302
    return drive(url, one, **limits)


def html_gzip_sizes(url: str) -> dict[str, int]:
    """The compressed HTML of each page, the largest of four fetches: the first renders the
    survey page in Flask, later ones come from the page cache (through both workers)."""
    sizes = {}
    for path in PAGES:
        for _ in range(4):
            request = urllib.request.Request(url + path, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request) as response:
                body = response.read()
                if response.headers.get("Content-Encoding") != "gzip":
                    body = gzip.compress(body)
                sizes[path] = max(len(body), sizes.get(path, 0))
    return sizes


def transferred_in_browser(url: str) -> dict:
    """Bytes transferred (headers and bodies) and request count per page, in Chromium, and
    whether the survey can be answered there with JavaScript off."""
    if not Path(CHROMIUM).exists():
        return {}
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        for path in PAGES:
            context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
            page = context.new_page()
            responses = []
            def record(request, bucket=responses):
                bucket.append(request)

            page.on("requestfinished", record)
            page.goto(url + path, wait_until="networkidle")
            total = 0
            for request in responses:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            results[path] = (total, len(responses))
            context.close()
        results["answered without JavaScript"] = answered_without_javascript(browser, url)
        browser.close()
    return results


def answered_without_javascript(browser, url: str) -> bool:
    """The survey answered in Chromium with JavaScript off: the first choice of every choice and
    scale question, Send, and the thank-you page."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI",
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(url + SURVEY)
    answered = set()
    radios = page.locator("input[type=radio]")
    for index in range(radios.count()):
        radio = radios.nth(index)
        if radio.get_attribute("name") not in answered:
            answered.add(radio.get_attribute("name"))
            radio.check(force=True)  # the scale's inputs sit under their labels
    page.locator("button.send").click()
    page.wait_for_load_state()
    thanked = page.url.split("?")[0].endswith("/thanks")
    context.close()
    return thanked


def prepare_database(directory: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{directory / 'bench.sqlite3'}",
           "YHESSA_ENV": "development", "OUTBOX_DIR": str(directory / "outbox"),
           "RATELIMIT_ENABLED": "0"}  # one loopback address sends every submission
    flask = [str(BIN / "flask"), "--app", "webapp"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo-data"], cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating throughput rounds")
    parser.add_argument("--no-lighthouse", dest="lighthouse", action="store_false")
    parser.add_argument("--scale", default="1000,10000,100000",
                        help="response counts for the results/export run; empty to skip")
    args = parser.parse_args()

    lines = [f"# Benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
             f"Machine: {os.cpu_count()} cores; gunicorn {args.workers} sync workers; load from "
             f"{args.clients} keep-alive clients in a separate process, at most "
             f"{args.requests} requests or {args.seconds:.0f} s per target and round.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare_database(Path(tmp))
        app = Gunicorn("webapp:create_app()", env, args.workers)
        bare = Gunicorn("bench.bare:app", env, args.workers)
        try:
            sizes = html_gzip_sizes(app.url)
            browser = transferred_in_browser(app.url)
            from bench.lighthouse import report as lighthouse_report

            lighthouse = lighthouse_report(app.url, LIGHTHOUSE_PAGES) if args.lighthouse else []
            load(app.url, SURVEY, requests=200, clients=2, seconds=5)  # warm up
            load(bare.url, "/", requests=200, clients=2, seconds=5)
            limits = {"requests": args.requests, "clients": args.clients, "seconds": args.seconds}
            cookie = session_cookie(app.url + SURVEY)
            rounds = [(load(app.url, SURVEY, **limits), load(bare.url, "/", **limits),
                       load(app.url, SURVEY, cookie=cookie, **limits)) for _ in range(args.rounds)]
            submissions = submit_load(app.url, requests=args.requests // 2, clients=args.clients,
                                      seconds=args.seconds)
        finally:
            app.stop()
            bare.stop()

    without_javascript = browser.pop("answered without JavaScript", None)
    lines += ["## Page weight (budget: HTML ≤ 14 KB gzip, everything ≤ 30 KB; works with JavaScript off)", "",
              "| page | HTML gzip | transferred in Chromium | requests |", "|---|---|---|---|"]
    for path in PAGES:
        total, count = browser.get(path, (0, 0))
        lines.append(f"| `{path}` | {sizes[path] / 1024:.1f} KB | "
                     f"{total / 1024:.1f} KB | {count} |" if browser else
                     f"| `{path}` | {sizes[path] / 1024:.1f} KB | (no Chromium) | |")
    if without_javascript is not None:
        lines += ["", f"The survey answered in Chromium with JavaScript off: "
                  f"{'reached the thank-you page' if without_javascript else '**did not reach the thank-you page**'}."]
    lines += [""] + lighthouse
    # Rounds alternate the targets, so a burst of other work on the shared machine falls on one
    # round rather than on one target; the round with the median ratio is reported.
    rounds.sort(key=lambda measured: measured[0]["rps"] / measured[1]["rps"])
    ours, reference, returning = rounds[len(rounds) // 2]
    ratio = ours["rps"] / reference["rps"]
    all_ratios = ", ".join(f"{o['rps'] / r['rps']:.2f}" for o, r, _ in rounds)
    lines += ["", "## Throughput (budget: ≥ 0.5 × a bare Flask view)", "",
              "| target | requests | errors | req/s | p50 | p99 |", "|---|---|---|---|---|---|"]
    for name, result in ((f"`{SURVEY}` 10-question survey, first visit", ours), ("bare Flask view", reference),
                         ("the survey page, returning visitor (session cookie)", returning)):
        lines.append(f"| {name} | {result['requests']} | {result['errors']} | {result['rps']:.0f} | "
                     f"{result['p50_ms']:.1f} ms | {result['p99_ms']:.1f} ms |")
    lines += ["", f"Ratio survey page / bare view: **{ratio:.2f}**, the median of {len(rounds)} alternating rounds "
              f"({all_ratios}) (first visits, as from the QR poster: "
              "answered from the page cache before Flask, `webapp/surveys/fast_path.py`); a returning visitor, "
              f"whom Flask answers: {returning['rps'] / reference['rps']:.2f}.", ""]
    lines += ["Submissions (each loads the page, then POSTs; the POST is timed; 302 counts as stored): "
              f"{submissions['requests']} sent, {submissions['errors']} failed, "
              f"{submissions['rps']:.0f} per second, POST p50 {submissions['p50_ms']:.1f} ms, "
              f"p99 {submissions['p99_ms']:.1f} ms.", ""]
    if args.scale:
        from bench.scale import report, run

        lines += report(run(tuple(int(n) for n in args.scale.split(","))))
    report = "\n".join(lines)
    out = ROOT / "bench" / "results" / f"{datetime.now(UTC):%Y%m%dT%H%M%S}.md"
    out.write_text(report, encoding="utf-8")
    print(report)
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
