"""Extension objects, unbound; `create_app()` binds them. (The database's `db` lives in
`webapp.core.database`.)"""

import hashlib
import hmac
import logging

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from webapp.core.clock import utcnow

migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()


def hashed_client_address() -> str:
    """What the rate limits key a client by: its address (after ProxyFix) hashed with a salt that
    changes every day, so that the limit storage (Redis) never holds an IP address and one day's
    keys cannot be linked to the next. The salt comes from SECRET_KEY and the UTC date, so every
    process computes the same one; a day's counts start afresh at midnight UTC."""
    day = utcnow().date().isoformat()
    salt = hmac.new(current_app.config["SECRET_KEY"].encode(), f"limit-salt:{day}".encode(), hashlib.sha256).digest()
    return hmac.new(salt, (request.remote_addr or "unknown").encode(), hashlib.sha256).hexdigest()[:32]


limiter = Limiter(key_func=hashed_client_address, default_limits=[])

# Flask-Limiter logs every breach at INFO with its key, which is the client's IP address:
# no IP address goes into any log line, so only its warnings (storage trouble) are let through.
logging.getLogger("flask-limiter").setLevel(logging.WARNING)
