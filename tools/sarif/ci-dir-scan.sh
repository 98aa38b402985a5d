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

set +e
(cd "$project" && "$bin" dir . --no-config --format sarif -o "$out/dir.sarif" \
  --report "junit=$out/dir.junit.xml" --report "github=$out/dir.annotations.txt")
rc=$?
set -e
if [ $rc -ne 1 ]; then echo "dir scan: expected exit code 1 (findings), got $rc"; exit 1; fi

results=$(node -e 'const l=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(l.runs[0].results.length)' "$out/dir.sarif")
if [ "$results" -ne "$planted" ]; then echo "dir scan: $planted secrets planted, $results SARIF results"; exit 1; fi
while IFS= read -r secret; do
  if grep -rqF -- "$secret" "$out/dir.sarif" "$out/dir.junit.xml" "$out/dir.annotations.txt"; then
    echo "dir scan: a planted secret appears in a report (they must be masked)"; exit 1
  fi
done < "$out/.planted"
rm -f "$out/.planted"
echo "dir scan: $results of $planted planted secrets reported, all masked; SARIF at $out/dir.sarif"
