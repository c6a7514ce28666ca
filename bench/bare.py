"""The reference for throughput: a bare Flask view under the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "<!doctype html><html lang=fi><title>Yhessä</title><p>Hei maailma</p></html>"
