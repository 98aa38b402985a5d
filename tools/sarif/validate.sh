#!/usr/bin/env bash
# validate.sh FILE.sarif... : the SARIF gate for CI. Installs the pinned validators from this folder's lockfile
# (npm ci), then checks each file
#   1. against the SARIF 2.1.0 JSON schema with ajv (validate-schema.cjs; exit code), and
#   2. with Microsoft's SARIF multitool, SARIF rules plus GitHub code scanning's ingestion rules (--rule-kind
#      "Sarif;Gh"), failing on any error or warning read from its output (its exit code is always 0).
# Both are needed: the multitool misses some schema violations, the schema knows nothing of GitHub's rules.
# Notes are listed by the multitool but never fail the gate (SARIF2006, "$schema URL not reachable", is always
# there on a closed network).
#
# Environment: SARIF_SCHEMA  schema file (default: the copy shipped in @microsoft/sarif-multitool-linux)
#              SARIF_SKIP_INSTALL=1  reuse node_modules as it is (local runs)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ $# -eq 0 ]; then echo "usage: $0 FILE.sarif..." >&2; exit 2; fi

if [ "${SARIF_SKIP_INSTALL:-}" != 1 ] || [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
multitool="$here/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
schema="${SARIF_SCHEMA:-$here/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json}"
# Called directly, never through npx: its wrapper spawns a shell, which splits "Sarif;Gh" at the ';'.
[ -x "$multitool" ] || chmod u+x "$multitool"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for file in "$@"; do
  echo "== $file"
  if ! node "$here/validate-schema.cjs" "$schema" "$file"; then failed=1; fi
  out="$work/validation.sarif"
  "$multitool" validate "$file" -o "$out" --log ForceOverwrite --rule-kind "Sarif;Gh" --level "Error;Warning;Note" > "$work/stdout" 2>&1 || true
  if [ ! -s "$out" ]; then
    cat "$work/stdout"; echo "multitool: wrote no output"; failed=1; continue
  fi
  if ! node "$here/count-multitool.cjs" "$out"; then failed=1; fi
done
if [ $failed -ne 0 ]; then echo "SARIF validation FAILED"; exit 1; fi
echo "SARIF validation passed: $# file(s), schema valid, 0 multitool errors, 0 multitool warnings"
