"""The database: `db` (Flask-SQLAlchemy, unbound until `create_app`), its declarative base
(`base`), column types (`types`) and per-database engine settings (`engine`)."""

from flask_sqlalchemy import SQLAlchemy

from webapp.core.database.base import Base

db = SQLAlchemy(model_class=Base)
