"""Lighthouse (mobile, the default throttling) on the public pages: category scores and paints.

Needs `npm install` in bench/lighthouse (make bench does it) and Chromium (CHROME_PATH,
default /usr/bin/chromium).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent / "lighthouse"
BINARY = HERE / "node_modules" / ".bin" / "lighthouse"
FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
         "--disable-component-update --disable-sync --no-first-run")


def audit(url: str) -> dict | None:
    """Scores (0–100) and first/largest contentful paint (ms) for one page; None without Lighthouse."""
    if not BINARY.exists():
        return None
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(
        [str(BINARY), url, "--output=json", "--quiet", f"--chrome-flags={FLAGS}",
         "--only-categories=performance,accessibility,best-practices,seo"],
        capture_output=True, text=True, env=env, timeout=240)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:] or ["lighthouse failed"]}
    report = json.loads(result.stdout)
    scores = {key: round(100 * value["score"]) for key, value in report["categories"].items()}
    audits = report["audits"]
    return {**scores, "fcp_ms": audits["first-contentful-paint"]["numericValue"],
            "lcp_ms": audits["largest-contentful-paint"]["numericValue"]}


def report(base_url: str, pages) -> list[str]:
    lines = ["## Lighthouse mobile (budget: performance 100, accessibility 100, best practices ≥ 95)", "",
             "| page | performance | accessibility | best practices | SEO | FCP | LCP |",
             "|---|---|---|---|---|---|---|"]
    for path in pages:
        found = audit(base_url + path)
        if found is not None and "error" in found:  # Lighthouse's own trace recording fails now and then
            found = audit(base_url + path)
        if found is None:
            return lines[:2] + ["Lighthouse is not installed: run `npm install` in bench/lighthouse.", ""]
        if "error" in found:
            lines.append(f"| `{path}` | error: {found['error'][0]} | | | | | |")
            continue
        lines.append(f"| `{path}` | {found['performance']} | {found['accessibility']} | "
                     f"{found['best-practices']} | {found['seo']} | {found['fcp_ms']:.0f} ms | "
                     f"{found['lcp_ms']:.0f} ms |")
    return lines + [""]
