"""Every template and variable syntax a credential slot is filled from at deploy time."""
import os

PASSWORD = os.getenv("SHOP_DB_PASSWORD")
API_TOKEN = "$(SHOP_API_TOKEN)"
client_secret = "#{OctopusClientSecret}"
signing_key = "{{ .Values.signing.key }}"
db_password = "<%= ENV['SHOP_DB_PASSWORD'] %>"
session_secret = "((session-secret))"
password_file = "/run/secrets/shop_db_password"
token_url = "https://auth.shop.test/oauth2/token"
password_reset_path = "./templates/password_reset.html"
secret_version = "1.12.3"
auth_token_header = "HTTP_X_AUTH_TOKEN"
password = settings.DATABASE_PASSWORD
secret_key = load_secret_key(path="/etc/shop/key")
