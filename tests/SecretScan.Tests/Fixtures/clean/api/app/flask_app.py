import os
import secrets

from flask import Flask, session

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("FLASK_SECRET_KEY") or secrets.token_hex(32)
app.config["SESSION_COOKIE_SECURE"] = True
app.secret_key = app.config["SECRET_KEY"]


@app.post("/logout")
def logout():
    session.pop("access_token", None)
    session.pop("csrf_token", None)
    return "", 204
