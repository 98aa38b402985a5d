# Sourced by ci-dir-scan.sh and ci-git-scan.sh (needs $bin, $out, $planted and $out/.planted).
# scan_and_check NAME FOLDER SCAN-ARGS...: runs one scan in FOLDER with SARIF as the main report and JUnit and
# annotations as extra reports, then checks exit code 1, one SARIF result per planted secret, and that no report
# contains a planted secret.
scan_and_check() {
  local name="$1" folder="$2"; shift 2
  local rc results
  set +e
  (cd "$folder" && "$bin" "$@" --no-config --format sarif -o "$out/$name.sarif" \
    --report "junit=$out/$name.junit.xml" --report "github=$out/$name.annotations.txt")
  rc=$?
  set -e
  if [ $rc -ne 1 ]; then echo "$name scan: expected exit code 1 (findings), got $rc"; exit 1; fi
  results=$(node -e 'const l=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(l.runs[0].results.length)' "$out/$name.sarif")
  if [ "$results" -ne "$planted" ]; then echo "$name scan: $planted secrets planted, $results SARIF results"; exit 1; fi
  while IFS= read -r secret; do
    if grep -rqF -- "$secret" "$out/$name.sarif" "$out/$name.junit.xml" "$out/$name.annotations.txt"; then
      echo "$name scan: a planted secret appears in a report (they must be masked)"; exit 1
    fi
  done < "$out/.planted"
  rm -f "$out/.planted"
}
