#!/usr/bin/env bash
# Directory-scan benchmark: times `secretscan dir` (Native AOT build, full default rule set) on a large real
# source tree beside ripgrep in the same run — rg -j1 with ~30 secret regexes (rg-patterns.txt), rg -j1 with the
# rules' keyword list alone, and rg on all cores — and prints medians, MB/s and ratios. Not part of the test run.
#
#   bench/dir.sh [TREE] [RUNS]          defaults: /usr/include (about 130 MB of C headers), 5 runs
#   SECRETSCAN=/path/to/secretscan bench/dir.sh    time another build
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TREE=${1:-/usr/include}
RUNS=${2:-5}
OUT=${BENCH_OUT:-$ROOT/bench/out}
mkdir -p "$OUT"
for tool in rg hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "bench/dir.sh needs $tool (bench/run.sh installs rg and hyperfine with apt)" >&2; exit 2; }
done
[ -d "$TREE" ] || { echo "no folder $TREE: pass a large source tree as the first argument" >&2; exit 2; }

if [ -z "${SECRETSCAN:-}" ]; then
    echo "Publishing secretscan (Native AOT)..." >&2
    dotnet publish "$ROOT/src/SecretScan.Cli" -c Release -p:PublishAot=true -o "$OUT/aot" -v quiet -nologo >/dev/null
    SECRETSCAN="$OUT/aot/secretscan"
fi

# The prefilter's keywords, straight from the rule files, for the "keywords alone" baseline.
python3 - "$ROOT/rules" > "$OUT/keywords.txt" <<'PY'
import re, sys, pathlib
words = set()
for f in pathlib.Path(sys.argv[1]).glob("*.yaml"):
    for m in re.finditer(r"^\s*keywords:\s*\[(.*)\]\s*$", f.read_text(), re.M):
        words.update(w.strip().strip("'\"") for w in m.group(1).split(",") if w.strip())
print("\n".join(sorted(words)))
PY

BYTES=$(du -sb "$TREE" | cut -f1)
FILES=$(find "$TREE" -type f | wc -l)
echo "Corpus: $TREE, $FILES files, $((BYTES / 1048576)) MB; $(wc -l < "$OUT/keywords.txt") keywords; $(nproc) cores; $(date -u +%F)"
cat "$TREE"/* >/dev/null 2>&1 || true   # warm the page cache for everyone alike
RG="rg --no-ignore --hidden --no-messages -c"
hyperfine -N --warmup 1 --runs "$RUNS" --ignore-failure --export-json "$OUT/dir.json" \
    -n "secretscan dir (2 threads)"  "$SECRETSCAN dir $TREE -q -f json -o /dev/null --no-config" \
    -n "secretscan dir --threads 1"  "$SECRETSCAN dir $TREE -q -f json -o /dev/null --no-config --threads 1" \
    -n "rg -j1, 31 secret regexes"    "$RG -j1 -f $ROOT/bench/rg-patterns.txt $TREE" \
    -n "rg -j1, keywords only"        "$RG -j1 -i -F -f $OUT/keywords.txt $TREE" \
    -n "rg (all cores), 31 regexes"   "$RG -f $ROOT/bench/rg-patterns.txt $TREE" >/dev/null

python3 - "$OUT/dir.json" "$BYTES" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]; mb = int(sys.argv[2]) / 1048576
med = {r["command"]: r["median"] for r in runs}
base = med["rg -j1, 31 secret regexes"]
print(f"{'command':32} {'median':>9} {'MB/s':>8} {'vs rg -j1 regexes':>18}")
for name, t in med.items():
    print(f"{name:32} {t:8.3f}s {mb / t:8.1f} {t / base:17.2f}x")
PY
