"""Extension objects, unbound; `create_app()` binds them. (The database's `db` lives in
`webapp.core.database`.)"""

from flask import current_app, request
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from webapp.core.ratelimit import RequestLimiter


class FormProtection(CSRFProtect):
    """Flask-WTF's CSRF protection (its hook runs on every request), asking first whether the
    request's method is one it checks: Flask-WTF asks it last, after looking up the view's
    exemptions, which took a page read 8 µs to learn there was nothing to check."""

    def protect(self, apply_exemptions: bool = False) -> None:
        if request.method in current_app.config["WTF_CSRF_METHODS"]:
            super().protect(apply_exemptions)


migrate = Migrate()
babel = Babel()
csrf = FormProtection()
login_manager = LoginManager()
limiter = RequestLimiter()
