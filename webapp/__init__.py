"""Yhessä: co-development platform for family centres. `create_app()` is the WSGI entry."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask


def create_app(settings: dict | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, error pages, commands."""
    from config import check_production, config_from_env, development_secret_key

    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"),
                static_folder=None)
    from webapp.http import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter
    app.config.from_object(config_from_env())
    if settings:
        app.config.from_mapping(settings)
    if app.config["ENV_NAME"] == "production":
        check_production(app.config)
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = development_secret_key(Path(app.instance_path))
    os.makedirs(app.instance_path, exist_ok=True)
    from webapp.surveys import fast_path

    fast_path.init_app(app)  # inside ProxyFix: it reads the scheme ProxyFix fixed
    if app.config["PROXY_FIX_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    register_extensions(app)
    register_blueprints(app)

    from webapp import errors, http, templating

    http.init_app(app)
    templating.init_app(app)
    errors.init_app(app)

    from webapp.cli import register_commands

    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from webapp import database
    from webapp.auth.services import load_user
    from webapp.db import render_migration_type
    from webapp.extensions import babel, csrf, db, limiter, login_manager, migrate
    from webapp.i18n import select_locale

    database.configure_engine_options(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"),
                     render_as_batch=True, compare_type=True, render_item=render_migration_type)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    from webapp.api.views import bp as api_bp
    from webapp.auth.views import bp as auth_bp
    from webapp.backlog.manage import bp as backlog_admin_bp
    from webapp.backlog.views import bp as backlog_public_bp
    from webapp.guide.manage import bp as guide_admin_bp
    from webapp.guide.views import bp as guide_bp
    from webapp.ideas.manage import bp as idea_admin_bp
    from webapp.ideas.views import bp as ideas_bp
    from webapp.public.views import bp as public_bp
    from webapp.staff.views import bp as staff_bp
    from webapp.surveys.manage import bp as survey_admin_bp
    from webapp.surveys.views import bp as surveys_bp
    from webapp.volunteers.manage import bp as volunteer_admin_bp
    from webapp.volunteers.views import bp as volunteers_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(survey_admin_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(idea_admin_bp)
    app.register_blueprint(ideas_bp)
    app.register_blueprint(backlog_admin_bp)
    app.register_blueprint(backlog_public_bp)
    app.register_blueprint(volunteer_admin_bp)
    app.register_blueprint(volunteers_bp)
    app.register_blueprint(guide_admin_bp)
    app.register_blueprint(guide_bp)
    app.register_blueprint(api_bp)
    # Last: its `/<org>/` rules must not shadow `/staff/` and `/healthz`.
    app.register_blueprint(public_bp)
