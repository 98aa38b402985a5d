#!/usr/bin/env bash
# ci-dir-scan.sh SECRETSCAN OUTDIR : the directory-scan half of CI's SARIF gate. Plants fresh fake secrets in a temp
# folder, scans it once with SARIF as the main report and JUnit and annotations as extra reports, and checks that
# the scan found every planted secret and that no report contains one. Leaves OUTDIR/dir.sarif for validate.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1" out="$2"
mkdir -p "$out"
project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
node "$here/plant-fakes.cjs" "$project" > "$out/.planted"
planted=$(wc -l < "$out/.planted")

. "$here/scan-and-check.sh"
scan_and_check dir "$project" dir .
echo "dir scan: $planted of $planted planted secrets reported, all masked; SARIF at $out/dir.sarif"
