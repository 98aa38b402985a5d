-- API tokens are shown once; only their SHA-256 digest is stored.
CREATE TABLE api_tokens (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    store_id     UUID NOT NULL REFERENCES stores(id),
    token_digest BYTEA NOT NULL UNIQUE,
    token_prefix VARCHAR(12) NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ
);

ALTER TABLE users ADD COLUMN password_hash VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN totp_secret_encrypted BYTEA;

INSERT INTO settings (key, value) VALUES ('password_min_length', '12'), ('token_ttl_minutes', '15');
