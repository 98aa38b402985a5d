"""Authentication helpers: password hashing, API tokens and the OAuth client."""
from __future__ import annotations

import getpass
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass

import requests
from passlib.context import CryptContext

pwd_context = CryptContext(schemes=["argon2", "bcrypt"], deprecated="auto")

TOKEN_BYTES = 32
TOKEN_PREFIX = "shp_"
PASSWORD_MIN_LENGTH = 12
OAUTH_TOKEN_URL = os.environ.get("OAUTH_TOKEN_URL", "https://auth.shop.test/oauth/token")


@dataclass
class Credentials:
    client_id: str
    client_secret: str


def load_credentials() -> Credentials:
    client_id = os.environ["OAUTH_CLIENT_ID"]
    client_secret = os.environ["OAUTH_CLIENT_SECRET"]
    return Credentials(client_id=client_id, client_secret=client_secret)


def hash_password(password: str) -> str:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise ValueError("password too short")
    return pwd_context.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return pwd_context.verify(password, password_hash)


def new_api_token() -> tuple[str, str]:
    """Returns (token shown once to the user, digest stored in the database)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    digest = hashlib.sha256(token.encode()).hexdigest()
    return token, digest


def token_matches(token: str, stored_digest: str) -> bool:
    return hmac.compare_digest(hashlib.sha256(token.encode()).hexdigest(), stored_digest)


def fetch_access_token(creds: Credentials) -> str:
    response = requests.post(
        OAUTH_TOKEN_URL,
        data={"grant_type": "client_credentials"},
        auth=(creds.client_id, creds.client_secret),
        timeout=10,
    )
    response.raise_for_status()
    access_token = response.json()["access_token"]
    return access_token


def prompt_admin_password() -> str:
    password = getpass.getpass("Admin password: ")
    confirm = getpass.getpass("Repeat password: ")
    if password != confirm:
        raise SystemExit("passwords do not match")
    return password


DATABASE = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": os.getenv("DB_NAME", "shop"),
    "USER": os.getenv("DB_USER", "shop"),
    "PASSWORD": os.getenv("DB_PASSWORD"),
    "HOST": os.getenv("DB_HOST", "localhost"),
}
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
