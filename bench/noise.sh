#!/usr/bin/env bash
# Real-code noise: scans the HEAD tree and the full history of public repositories of different ecosystems with
# the default rules and lists every finding (rule, file:line, masked secret), one list per repository and scope.
# The repositories are read from local mirrors (bare git directories, e.g. those the session's fetch tool leaves
# in /work/.mirror/OWNER+NAME/repo) and cloned to a temp folder; nothing of them is written into this repository.
# Not part of the test run.
#
#   bench/noise.sh [OWNER/NAME...]       default: the six repositories below
#   SECRETSCAN=/path/to/secretscan       scan with another build (default: the Release build of this tree)
#   MIRRORS=/path                        where the mirrors are (default /work/.mirror)
#   HISTORY=0                            HEAD trees only
#   OUT=/path                            where the lists go (default bench/out/noise)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MIRRORS=${MIRRORS:-/work/.mirror}
OUT=${OUT:-$ROOT/bench/out/noise}
HISTORY=${HISTORY:-1}
REPOS=("$@")
[ ${#REPOS[@]} -gt 0 ] || REPOS=(redis/redis expressjs/express django/djangoproject.com spring-projects/spring-petclinic
    dotnet-architecture/eShopOnWeb prometheus-community/helm-charts WordPress/two-factor)
command -v python3 >/dev/null || { echo "bench/noise.sh needs python3" >&2; exit 2; }
if [ -z "${SECRETSCAN:-}" ]; then
    dotnet build "$ROOT/src/SecretScan.Cli" -c Release -v quiet -nologo >/dev/null
    SECRETSCAN="$ROOT/src/SecretScan.Cli/bin/Release/net10.0/secretscan"
fi
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

summarise() {   # JSON report -> one line per finding, and the count on stderr
    python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for f in r["findings"]:
    where = f.get("commit", "")[:10]
    print(f'{f["ruleId"]}\t{f.get("confidence", "-")}\t{f["file"]}:{f["line"]}\t{where}\t{f.get("secret", "")}')
PY
}

printf '%-36s %8s %8s\n' repository head history
for repo in "${REPOS[@]}"; do
    mirror="$MIRRORS/${repo/\//+}/repo"
    [ -d "$mirror" ] || { echo "no mirror of $repo at $mirror (fetch it first)" >&2; continue; }
    name=${repo/\//+}
    git clone -q --no-checkout "$mirror" "$WORK/$name" 2>/dev/null
    git -C "$WORK/$name" checkout -q HEAD 2>/dev/null || git -C "$WORK/$name" checkout -q "$(git -C "$WORK/$name" rev-parse HEAD)"
    "$SECRETSCAN" dir "$WORK/$name" --no-config -f json -o "$OUT/$name.head.json" >/dev/null 2>"$OUT/$name.head.err" || true
    summarise "$OUT/$name.head.json" > "$OUT/$name.head.txt"
    history=-
    if [ "$HISTORY" = 1 ]; then
        (cd "$WORK/$name" && "$SECRETSCAN" git --no-config -f json -o "$OUT/$name.history.json" >/dev/null 2>"$OUT/$name.history.err") || true
        summarise "$OUT/$name.history.json" > "$OUT/$name.history.txt"
        history=$(wc -l < "$OUT/$name.history.txt")
    fi
    printf '%-36s %8s %8s\n' "$repo" "$(wc -l < "$OUT/$name.head.txt")" "$history"
    rm -rf "${WORK:?}/$name"
done
echo "lists: $OUT/*.txt (rule, confidence, file:line, commit, masked secret)"
