"""Test data: every credential below is a placeholder, never a real value."""
import pytest

PLACEHOLDER_CONFIG = {
    "api_key": "YOUR_API_KEY",
    "openai_api_key": "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "stripe_secret_key": "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
    "github_token": "<token>",
    "db_password": "${DB_PASSWORD}",
    "jwt_secret": "{{ secret }}",
    "smtp_password": "%(password)s",
    "slack_webhook": "https://hooks.slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX",
    "aws_access_key_id": "AKIAXXXXXXXXXXXXXXXX",
}

LOG_LINE = "connecting to %(host)s as %(user)s with password=%(password)s"
DSN_TEMPLATE = "postgresql://{user}:{password}@{host}:5432/{db}"
TOKEN_HEADER = "Authorization: Bearer <token>"


@pytest.fixture
def settings(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-xxxx")
    monkeypatch.setenv("DB_PASSWORD", "${DB_PASSWORD}")
    monkeypatch.setenv("API_TOKEN", "YOUR_API_TOKEN")
    return PLACEHOLDER_CONFIG


def test_placeholders_are_rejected(settings):
    for key, value in settings.items():
        assert looks_like_placeholder(value), key


def looks_like_placeholder(value: str) -> bool:
    return any(m in value for m in ("YOUR_", "xxxx", "XXXX", "<", "${", "{{", "%("))
