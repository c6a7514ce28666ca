"""Run the benchmarks against gunicorn on loopback and write bench/results/<time>.md.

Figures are ratios measured in one run (the machine is shared and noisy): the app's
page throughput against a bare Flask view under the same gunicorn settings (both with
deploy/gunicorn.conf.py), measured with `wrk` sending `Accept-Encoding: gzip` as phones do,
and page weights against the budgets of DESIGN.md.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import math
import os
import re
import shutil
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
#: Last year's round of the demo survey: its published results for families (40 answers, charts).
SUMMARY = "/kittila/surveys/neuvola-2025/summary"
GUIDE = ["/kittila/services", "/kittila/services/lastenneuvola"]
PAGES = [SURVEY, SUMMARY, "/kittila/ideas/neuvola", "/kittila/join", "/kittila/progress", *GUIDE, "/", "/kittila/",
         "/kittila/privacy", "/kittila/accessibility", "/staff/login"]
LIGHTHOUSE_PAGES = [SURVEY, SUMMARY, "/kittila/ideas/neuvola", "/kittila/join", "/kittila/progress", *GUIDE,
                    "/kittila/", "/"]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WRK = shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving `target` on a free loopback port with the production settings."""

    def __init__(self, target: str, env: dict, workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), target],
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

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers (user and system)."""
        pids = [str(self.process.pid), *subprocess.run(["pgrep", "-P", str(self.process.pid)],
                                                       capture_output=True, text=True).stdout.split()]
        ticks = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # a worker that just exited
                continue
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")


def interleaved_round(targets: list[tuple[Gunicorn, str]], *, seconds: float, connections: int,
                      slices: int) -> list[dict]:
    """One round: `wrk` against each target in turn, `slices` times, `seconds / slices` each
    (rounded up to whole seconds, as `wrk` takes them), so that a burst of other work on the
    shared machine falls on every target alike rather than on one. Per target: requests a
    second over the round, the median p50 and the highest p99 of its slices, and the server's
    CPU time per request."""
    totals = [{"requests": 0, "errors": 0, "seconds": 0.0, "cpu": 0.0, "p50s": [], "p99s": []} for _ in targets]
    for _ in range(slices):
        for (server, url), total in zip(targets, totals, strict=True):
            cpu = server.cpu_seconds()
            result = wrk(url, seconds=math.ceil(seconds / slices), connections=connections)
            total["seconds"] += result["seconds"]
            total["cpu"] += server.cpu_seconds() - cpu
            total["requests"] += result["requests"]
            total["errors"] += result["errors"]
            total["p50s"].append(result["p50_ms"])
            total["p99s"].append(result["p99_ms"])
    return [{"requests": total["requests"], "errors": total["errors"],
             "rps": total["requests"] / total["seconds"], "p50_ms": statistics.median(total["p50s"]),
             "p99_ms": max(total["p99s"]), "cpu_us": 1e6 * total["cpu"] / max(total["requests"], 1)}
            for total in totals]


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


_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, seconds: float, connections: int, cookie: str = "") -> dict:
    """`wrk` against `url` for `seconds` (bounded; loopback only), with `Accept-Encoding: gzip`
    as phones send it: requests, errors, requests per second, p50 and p99."""
    command = [WRK, "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "5s", "--latency",
               "-H", "Accept-Encoding: gzip", *(["-H", f"Cookie: {cookie}"] if cookie else []), url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True).stdout

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * _WRK_UNITS[unit]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    errors += int(re.search(r"Non-2xx or 3xx responses: (\d+)", out)[1]) if "Non-2xx" in out else 0
    requests, duration, unit = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s)", out).groups()
    return {"requests": int(requests), "errors": errors, "seconds": float(duration) * _WRK_UNITS[unit] / 1000,
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]), "p50_ms": latency("50"),
            "p99_ms": latency("99")}


def submit_load(url: str, **limits) -> dict:
    """Families answering: each submission loads the survey (its token), then POSTs one
    answer to every choice question; the POST's latency is measured, a 302 is success."""
    def one(connection):
        connection.request("GET", SURVEY)
        page = connection.getresponse()
        html = page.read().decode()
        fields = {"token": re.search(r'name="token" value="([^"]+)"', html).group(1)}
        for name, value in re.findall(r'type="radio" id="[^"]+" name="(q\d+)" value="([^"]+)"', html):
            fields.setdefault(name, value)  # the first option of every single-choice and scale question
        started = time.perf_counter()
        connection.request("POST", SURVEY, body=urllib.parse.urlencode(fields),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
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
    parser.add_argument("--seconds", type=float, default=10, help="wrk seconds per target and round")
    parser.add_argument("--connections", type=int, default=8, help="wrk keep-alive connections")
    parser.add_argument("--sustained", type=float, default=30, help="seconds of sustained load for the tail latency")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating throughput rounds")
    parser.add_argument("--slices", type=int, default=4,
                        help="turns per target within a round, each --seconds / --slices long "
                             "(rounded up to whole seconds)")
    parser.add_argument("--no-lighthouse", dest="lighthouse", action="store_false")
    parser.add_argument("--no-staff", dest="staff", action="store_false", help="skip the staff pages at volume")
    parser.add_argument("--scale", default="1000,10000,100000",
                        help="response counts for the results/export run; empty to skip")
    args = parser.parse_args()
    if WRK is None:
        print("wrk not found: apt-get install wrk (the load generator that can saturate the bare view)")
        return 2

    lines = [f"# Benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
             f"Machine: {os.cpu_count()} cores; gunicorn with deploy/gunicorn.conf.py and {args.workers} "
             f"workers for both the app and the bare view; load from `wrk` ({args.connections} keep-alive "
             f"connections, `Accept-Encoding: gzip`), {args.seconds:.0f} s per target and round.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare_database(Path(tmp))
        from bench import paged

        paged.add_paged_survey(env)
        app = Gunicorn("webapp:create_app()", env, args.workers)
        bare = Gunicorn("bench.bare:app", env, args.workers)
        try:
            sizes = html_gzip_sizes(app.url)
            browser = transferred_in_browser(app.url)
            paged_lines = paged.report(app.url, CHROMIUM) if Path(CHROMIUM).exists() else []
            from bench.lighthouse import report as lighthouse_report

            lighthouse = lighthouse_report(app.url, LIGHTHOUSE_PAGES) if args.lighthouse else []
            wrk(app.url + SURVEY, seconds=3, connections=2)  # warm up
            wrk(bare.url + "/", seconds=3, connections=2)
            rounds = [interleaved_round([(app, app.url + SURVEY), (bare, bare.url + "/")], seconds=args.seconds,
                                        connections=args.connections, slices=args.slices)
                      for _ in range(args.rounds)]
            sustained = wrk(app.url + SURVEY, seconds=args.sustained, connections=2 * args.connections)
            submissions = submit_load(app.url, requests=1000, clients=args.connections, seconds=20)
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
    lines += ["", *paged_lines] + lighthouse + throughput_report(rounds, sustained)
    lines += ["Submissions (each loads the page, then POSTs; the POST is timed; 302 counts as stored): "
              f"{submissions['requests']} sent, {submissions['errors']} failed, "
              f"{submissions['rps']:.0f} per second, POST p50 {submissions['p50_ms']:.1f} ms, "
              f"p99 {submissions['p99_ms']:.1f} ms.", ""]
    if args.scale:
        from bench.scale import report, run

        lines += report(run(tuple(int(n) for n in args.scale.split(","))))
    if args.staff:
        from bench import staff

        lines += staff.report(staff.run())
    text = "\n".join(lines)
    out = ROOT / "bench" / "results" / f"{datetime.now(UTC):%Y%m%dT%H%M%S}.md"
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {out.relative_to(ROOT)}")
    return 0


def throughput_report(rounds, sustained) -> list[str]:
    """Each round's survey page and bare view side by side; the ratio of the median round; the
    tail latency under sustained load."""
    ratios = [ours["rps"] / reference["rps"] for ours, reference in rounds]
    cpu_ratios = [reference["cpu_us"] / ours["cpu_us"] for ours, reference in rounds]
    lines = ["## Throughput through Flask (budget: ≥ 0.5 × a bare Flask view; p99 ≤ 5 × the median)", "",
             "| round | survey page req/s | p50 | p99 | server CPU/request | bare view req/s | p50 | p99 | "
             "server CPU/request | ratio |", "|---|---|---|---|---|---|---|---|---|---|"]
    for number, ((ours, reference), ratio) in enumerate(zip(rounds, ratios, strict=True), 1):
        errors = f" ({ours['errors'] + reference['errors']} errors)" if ours["errors"] + reference["errors"] else ""
        lines.append(f"| {number}{errors} | {ours['rps']:.0f} | {ours['p50_ms']:.1f} ms | {ours['p99_ms']:.1f} ms | "
                     f"{ours['cpu_us']:.0f} µs | {reference['rps']:.0f} | {reference['p50_ms']:.1f} ms | "
                     f"{reference['p99_ms']:.1f} ms | {reference['cpu_us']:.0f} µs | {ratio:.2f} |")
    tail = sustained["p99_ms"] / sustained["p50_ms"]
    return lines + [
        "", f"Ratio survey page / bare view: **{statistics.median(ratios):.2f}**, the median of {len(rounds)} "
        f"rounds ({', '.join(f'{ratio:.2f}' for ratio in ratios)}), each taking turns between the two targets: "
        f"`{SURVEY}`, the 10-question demo survey as a phone opens it from the poster (no cookies, gzip), "
        "through Flask with every hook.", "",
        "Server CPU per request, bare view / survey page (gunicorn's master and workers; `wrk` runs beside them "
        f"on the same cores, so the throughput ratio is higher): {statistics.median(cpu_ratios):.2f} "
        f"({', '.join(f'{ratio:.2f}' for ratio in cpu_ratios)}).", "",
        f"Sustained load ({sustained['requests']} requests of the survey page, {sustained['errors']} errors, "
        f"{sustained['rps']:.0f} per second): p50 {sustained['p50_ms']:.1f} ms, p99 {sustained['p99_ms']:.1f} ms, "
        f"**p99 = {tail:.1f} × the median**.", ""]


if __name__ == "__main__":
    sys.exit(main())
