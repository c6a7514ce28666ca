"""Static files under content-hashed names, cached for a year."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory, url_for

STATIC_DIR = Path(__file__).resolve().parent.parent.parent / "static"
ONE_YEAR = 365 * 24 * 3600

bp = Blueprint("static", __name__)


def build_manifest() -> dict[str, str]:
    """`{"app.css": "app.3f2a9c1b.css"}` for every file under static/."""
    manifest = {}
    for path in STATIC_DIR.rglob("*"):
        if path.is_file():
            name = path.relative_to(STATIC_DIR).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            stem, dot, suffix = name.rpartition(".")
            manifest[name] = f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"
    return manifest


@bp.route("/static/<path:filename>", endpoint="static")
def serve_static(filename: str):
    """Serve a hashed static name for a year; an unhashed or stale name is not cached."""
    manifest = current_app.extensions["static_manifest"]
    originals = current_app.extensions["static_originals"]
    original = originals.get(filename)
    if original is not None:
        return send_from_directory(STATIC_DIR, original, max_age=ONE_YEAR)
    if filename in manifest:
        return send_from_directory(STATIC_DIR, filename, max_age=0)
    abort(404)


def asset_url(name: str) -> str:
    """URL of a static file under its content-hashed name."""
    return url_for("static.static", filename=current_app.extensions["static_manifest"][name])


def init_app(app) -> None:
    manifest = build_manifest()
    app.extensions["static_manifest"] = manifest
    app.extensions["static_originals"] = {hashed: name for name, hashed in manifest.items()}
    app.register_blueprint(bp)
