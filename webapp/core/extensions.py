"""Extension objects, unbound; `create_app()` binds them. (The database's `db` lives in
`webapp.core.database`.)"""

import logging

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

# Flask-Limiter logs every breach at INFO with its key, which is the client's IP address:
# no IP address goes into any log line, so only its warnings (storage trouble) are let through.
logging.getLogger("flask-limiter").setLevel(logging.WARNING)
