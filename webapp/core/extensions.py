"""Extension objects, unbound; `create_app()` binds them. (The database's `db` lives in
`webapp.core.database`.)"""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from webapp.core.ratelimit import RequestLimiter

migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = RequestLimiter()
