"""Yhessä: co-development platform for family centres. `create_app()` is the WSGI entry."""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

import sqlalchemy.orm
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import check_production, config_from_env, development_secret_key
from webapp import (
    activities,
    api,
    audit,
    auth,
    backlog,
    demo,
    events,
    guide,
    ideas,
    moderation,
    network,
    orgs,
    outbox,
    public,
    regions,
    staff,
    surveys,
    volunteers,
)
from webapp.core import commands, errors, http, templating
from webapp.core.database import db, engine
from webapp.core.database.types import render_migration_type
from webapp.core.extensions import babel, csrf, limiter, login_manager, migrate
from webapp.core.http.application import Application
from webapp.core.i18n import select_locale

ROOT = Path(__file__).resolve().parent.parent

#: The features, in the order their routes are registered: `public` last, since its `/<org>/`
#: rules must not shadow `/staff/` and `/healthz`.
FEATURES = (orgs, auth, audit, outbox, staff, surveys, ideas, moderation, backlog, volunteers, guide, events,
            activities, network, regions,
            api, demo, public)


def create_app(settings: dict | None = None) -> Flask:
    """Build the application: settings, core, then each feature."""
    app = Application(__name__, instance_path=str(ROOT / "instance"), static_folder=None)
    configure(app, settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    init_extensions(app)
    http.init_app(app)  # before the features: it installs the bounded `<int:…>` converter
    templating.init_app(app)
    errors.init_app(app)
    commands.init_app(app)
    for feature in FEATURES:
        feature.init_app(app)

    if app.config["PROXY_FIX_HOPS"]:  # outermost: everything inside reads the fixed scheme and host
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


def warm_up(app: Flask) -> None:
    """Do now what the first requests of each worker would otherwise wait for (half a second):
    configure the ORM's mappers and compile every template; then freeze what is loaded.
    gunicorn's master calls it once, before it starts its workers (deploy/gunicorn.conf.py), so
    that a new worker answers at full speed from its first request."""
    sqlalchemy.orm.configure_mappers()
    templating.compile_templates(app)
    # What is loaded now lives as long as the process: the collector leaves it alone, so its
    # pages stay shared between the forked workers instead of being copied into each.
    gc.freeze()


def configure(app: Flask, settings: dict | None) -> None:
    """Settings from the environment, then the caller's; production refuses to start without its secrets."""
    app.config.from_object(config_from_env())
    if settings:
        app.config.from_mapping(settings)
    if app.config["ENV_NAME"] == "production":
        check_production(app.config)
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = development_secret_key(Path(app.instance_path))
    os.makedirs(app.instance_path, exist_ok=True)


def init_extensions(app: Flask) -> None:
    engine.configure_engine_options(app)
    db.init_app(app)
    engine.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True,
                     render_item=render_migration_type)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
