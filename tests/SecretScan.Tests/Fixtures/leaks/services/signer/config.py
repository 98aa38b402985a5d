"""Signs webhook payloads with the service key (kept here "temporarily")."""
import hashlib

SIGNING_KEY_PEM = """-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIPA9fs4cTqHiypY4Zo49mt/LdY/jJ3goMJNme5e+422+oAoGCCqGSM49
AwEHoUQDQgAEYK2MyqwlWgwTTskF4NSsiXntOtM3JWkAW5LI2X/BSQpEOMyCadMi
EnhaJXPpyCzHvQzhEqJAZZnlBgJlaNGMHQ==
-----END EC PRIVATE KEY-----"""


def sign(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()
