#!/usr/bin/env bash
# Decoder-stage and bytes-first benchmark: `secretscan dir` on a real source tree, in one interleaved run, as
#   old   – a build from before the engine restructuring (main), given as OLD=/path/to/secretscan
#   new0  – this build with the decoder off (--max-decode-depth 0): bytes-first alone, compared with old
#   new   – this build with the default decoding (depth 2): the decoder's cost, compared with new0
# and `rg -j1 -c` with the rules' secret regexes as a floor measured in the same run. Prints medians, min–max and
# ratios. Never commits the tree: get one with the fetch tool (e.g. redis/redis) and clone it to a temp folder.
#
#   OLD=/tmp/ss-old/secretscan NEW=src/SecretScan.Cli/bin/Release/net10.0/secretscan bench/decode.sh /tmp/redis-tree 9
#
# THREADS=1 runs the three scans with --threads 1: CPU time without a second worker's waits, the steadiest figure on a
# busy machine. OLD=$NEW makes the first row a control: the spread between two rows of one build is the run's noise.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TREE=${1:?usage: bench/decode.sh TREE [RUNS]}
RUNS=${2:-9}
OLD=${OLD:?set OLD to a secretscan built from main}
NEW=${NEW:-$ROOT/src/SecretScan.Cli/bin/Release/net10.0/secretscan}
THREADS_ARG=${THREADS:+--threads $THREADS}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

BYTES=$(du -sb --exclude=.git "$TREE" | cut -f1)
FILES=$(find "$TREE" -path "$TREE/.git" -prune -o -type f -print | wc -l)
echo "Tree: $TREE, $FILES files, $((BYTES / 1048576)) MB; $(nproc) cores; $RUNS interleaved rounds; scans ${THREADS_ARG:-with default threads}; $(date -u +%FT%TZ)"
cat $(find "$TREE" -path "$TREE/.git" -prune -o -type f -print) >/dev/null 2>&1 || true

declare -A CMD=(
    [old]="$OLD dir $TREE -q -f json -o /dev/null --no-config -x .git/** $THREADS_ARG"
    [new0]="$NEW dir $TREE -q -f json -o /dev/null --no-config -x .git/** --max-decode-depth 0 $THREADS_ARG"
    [new]="$NEW dir $TREE -q -f json -o /dev/null --no-config -x .git/** $THREADS_ARG"
)
ORDER=(old new0 new)
if command -v rg >/dev/null; then
    CMD[rg]="rg --no-ignore --hidden --no-messages -c -j1 -f $ROOT/bench/rg-patterns.txt $TREE"
    ORDER+=(rg)
fi
for name in "${ORDER[@]}"; do echo "$name ${CMD[$name]}"; done > "$OUT/commands"

# Wall time moves with whatever else the machine runs; CPU time (user + system, the process and its children) much
# less, so both are printed. Rounds are interleaved so that drift hits every command alike.
python3 - "$OUT/commands" "$RUNS" "$BYTES" <<'PY'
import os, shlex, statistics, subprocess, sys, time
commands = [line.split(" ", 1) for line in open(sys.argv[1]).read().splitlines()]
runs, mb = int(sys.argv[2]), int(sys.argv[3]) / 1048576
wall, cpu = {}, {}
for round in range(runs + 1):
    for name, cmd in commands:
        start = time.perf_counter()
        p = subprocess.Popen(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(p.pid, 0)
        if round == 0: continue   # warm-up round
        wall.setdefault(name, []).append(time.perf_counter() - start)
        cpu.setdefault(name, []).append(usage.ru_utime + usage.ru_stime)
label = {"old": "main (before)", "new0": "this build, --max-decode-depth 0", "new": "this build, decoding (depth 2)", "rg": "rg -j1, secret regexes (floor)"}
print(f"{'command':36} {'wall median':>11} {'min-max':>15} {'CPU median':>10} {'min-max':>15} {'MB/CPU-s':>8}")
med = {}
for name, _ in commands:
    w, c = wall[name], cpu[name]
    med[name] = (statistics.median(w), statistics.median(c))
    print(f"{label[name]:36} {med[name][0]:10.3f}s {min(w):6.3f}-{max(w):.3f}s {med[name][1]:9.3f}s {min(c):6.3f}-{max(c):.3f}s {mb / med[name][1]:8.1f}")
def ratio(a, b, what):
    print(f"{what:40} wall {med[a][0] / med[b][0]:.3f}x   CPU {med[a][1] / med[b][1]:.3f}x")
ratio("new0", "old", "bytes first (depth 0 vs main)")
ratio("new", "new0", "decoding cost (depth 2 vs depth 0)")
ratio("new", "old", "this build vs main (both defaults)")
if "rg" in med: ratio("new", "rg", "this build vs rg floor")
PY
