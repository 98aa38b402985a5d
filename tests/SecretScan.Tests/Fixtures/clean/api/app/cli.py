import argparse
import os


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shopctl")
    parser.add_argument("--user", default=os.getenv("SHOPCTL_USER"))
    parser.add_argument("--password", help="database password (default: $SHOPCTL_PASSWORD or a prompt)")
    parser.add_argument("--token-file", help="file holding the API token")
    parser.add_argument("--api-key", dest="api_key", default=None, help="API key; prefer SHOPCTL_API_KEY")
    return parser


def resolve_token(args) -> str:
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            return f.read().strip()
    token = os.environ.get("SHOPCTL_TOKEN")
    if not token:
        raise SystemExit("no token: pass --token-file or set SHOPCTL_TOKEN")
    return token
