"""Staff accounts, roles, login, lockout and password reset; server-side sessions, a second
factor and single sign-on through OpenID Connect."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Login, the user loader, `flask create-user`, and the login-throttle retention rule."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.auth import (  # noqa: F401  (the views add routes to the blueprint)
        commands,
        mfa_views,
        services,
        session_views,
        sessions,
        sso,
        sso_views,
        views,
    )
    from webapp.auth.blueprints import auth
    from webapp.core.extensions import login_manager
    from webapp.core.features import retention_rule

    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    login_manager.user_loader(services.load_user)
    sso.init_app(app)
    app.register_blueprint(auth)
    app.cli.add_command(commands.create_user)
    retention_rule(app, "login failure counters older than a day", services.purge_throttles)
    retention_rule(app, "staff sessions ended more than 30 days ago", sessions.purge)
