#!/usr/bin/env bash
# ci-git-scan.sh SECRETSCAN OUTDIR : the history-scan half of CI's SARIF gate (needs the `git` verb). Builds a
# throwaway repository whose first commit plants fresh fake secrets and whose second commit deletes or rewrites them,
# so every finding lives only in history, with a remote URL that carries credentials (they must not reach the
# SARIF). Scans all history with SARIF as the main report and checks that every planted secret was found, that no
# report contains one, and that the remote's password is gone. Leaves OUTDIR/git.sarif for validate.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1" out="$2"
mkdir -p "$out"
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q -b main
git -C "$repo" config user.name "CI Planter"
git -C "$repo" config user.email "ci@example.invalid"
node "$here/plant-fakes.cjs" "$repo" > "$out/.planted"
planted=$(wc -l < "$out/.planted")
git -C "$repo" add -A
git -C "$repo" commit -q -m "Add the demo project"
git -C "$repo" rm -q "config/prod settings.env"
printf 'import os\n\nTOKEN = os.environ["TOKEN"]\n' > "$repo/src/app.py"
printf 'export const client = new OpenAI();\n' > "$repo/services/ai/client.ts"
git -C "$repo" commit -q -am "Read credentials from the environment"
git -C "$repo" remote add origin "https://ci-bot:not-a-password@github.com/example/demo.git"

. "$here/scan-and-check.sh"
scan_and_check git "$repo" git .
if grep -qF "not-a-password" "$out/git.sarif"; then echo "history scan: the remote URL's password reached the SARIF"; exit 1; fi
node -e '
const run = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0];
const bad = run.results.filter(r => !(r.properties && r.properties.commit) || !/introduced in commit/.test(r.message.text));
if (!run.versionControlProvenance || bad.length) { console.log("history scan: results lack commit provenance or versionControlProvenance is missing"); process.exit(1); }' "$out/git.sarif"
echo "history scan: $planted of $planted planted secrets reported from history, all masked; SARIF at $out/git.sarif"
