#!/usr/bin/env bash
# Real-repository benchmark (issue 13): every row of the speed table, from ONE interleaved run on real repositories
# cloned into a temp folder (never committed): history on a small, a medium and a large repository beside
# `git log -p --all` and `git cat-file --batch-all-objects --unordered --batch`; a directory scan of 12 redis release
# trees beside `rg -j1` with 31 secret regexes; the pre-commit scan of a 2-file change in an express clone beside
# `git diff --cached -U0` and rg on the 2 files; start-up beside `git --version`. Prints a markdown table with
# medians (min-max), ratios against the floor measured in the same rounds, and peak RSS. Not part of the test run.
#
#   bench/real.sh                         Native AOT release build (tools/release/build.sh linux-x64), 3 rounds
#   SECRETSCAN=/path/secretscan bench/real.sh     time a given build (DEBUG=1: the Debug JIT build, quick iteration)
#   BEFORE=/path/old/secretscan bench/real.sh     also time another build in the same rounds and compare its
#                                                 history findings (count and fingerprints) with this one's
#   RUNS=5 MEDIUM_RUNS=3 LARGE_RUNS=1 REPOS="express redis git" ONLY="history dir hook start" bench/real.sh
#
# Mirrors come from $MIRRORS/<owner+name>/repo (default /work/.mirror; get them with the fetch tool or
# `git clone --mirror`). The large repository (git/git) gets LARGE_RUNS rounds (default 1): one round takes minutes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MIRRORS=${MIRRORS:-/work/.mirror}
WORK=${BENCH_WORK:-${TMPDIR:-/tmp}/secretscan-real}
RUNS=${RUNS:-3}
LARGE_RUNS=${LARGE_RUNS:-1}
MEDIUM_RUNS=${MEDIUM_RUNS:-$RUNS}
REPOS=${REPOS:-express redis git}
ONLY=${ONLY:-history dir hook start}
mkdir -p "$WORK"
for tool in git rg hyperfine python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench/real.sh needs $tool (bench/run.sh installs rg and hyperfine)" >&2; exit 2; }
done

if [ -z "${SECRETSCAN:-}" ]; then
    if [ "${DEBUG:-0}" = 1 ]; then
        dotnet build "$ROOT/src/SecretScan.Cli" -c Debug -v quiet -nologo >/dev/null
        SECRETSCAN="$ROOT/src/SecretScan.Cli/bin/Debug/net10.0/secretscan"
    else
        echo "Building the Native AOT release (tools/release/build.sh linux-x64)..." >&2
        archive=$("$ROOT/tools/release/build.sh" linux-x64 "$WORK/dist" | tail -n 1)
        rm -rf "$WORK/aot" && mkdir -p "$WORK/aot" && tar -C "$WORK/aot" --strip-components=1 -xzf "$archive"
        SECRETSCAN="$WORK/aot/secretscan"
    fi
fi
SECRETSCAN=$(realpath "$SECRETSCAN"); [ -n "${BEFORE:-}" ] && BEFORE=$(realpath "$BEFORE")
PATTERNS="$ROOT/bench/rg-patterns.txt"
RESULTS="$WORK/results.tsv"; : > "$RESULTS"

declare -A MIRROR=([express]=expressjs+express [redis]=redis+redis [git]=git+git)
clone() {   # clone NAME [checkout]: a plain clone (branches become remote-tracking refs, as in a developer's clone)
    local dir="$WORK/$1"
    if [ ! -d "$dir/.git" ]; then
        echo "Cloning $1 into $dir..." >&2
        git clone -q ${2:+} ${2:-"--no-checkout"} "$MIRRORS/${MIRROR[$1]}/repo" "$dir"
    fi
    echo "$dir"
}

# measure GROUP NAME DIR CMD: one run, wall seconds and peak RSS (/usr/bin/time: the largest of the process and the
# children it waited for, so for secretscan git this is the larger of secretscan and its git cat-file child).
measure() {
    local out
    # Exit codes are not judged here (a scan with findings exits 1); a failing command shows in its time and in the findings files.
    (cd "$3" && /usr/bin/time -f '%e %M' -o "$WORK/time.txt" bash -c "$4" >/dev/null 2>&1) || true
    out=$(tail -n 1 "$WORK/time.txt")
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "${out% *}" "${out#* }" >> "$RESULTS"
}
# quick GROUP NAME DIR CMD: a short command, median of 15 runs with hyperfine -N (no shell), as one sample.
quick() {
    local json="$WORK/quick.json"
    (cd "$3" && hyperfine -N --warmup 2 --runs 15 --ignore-failure --export-json "$json" "$4" >/dev/null 2>&1)
    local med rss
    med=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$json")
    (cd "$3" && /usr/bin/time -f '%M' -o "$WORK/time.txt" $4 >/dev/null 2>&1) || true
    rss=$(tail -n 1 "$WORK/time.txt")
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$med" "$rss" >> "$RESULTS"
}

has() { [[ " $ONLY " == *" $1 "* ]]; }

# --- set-up (outside the timed rounds) ---
declare -A HISTORY_DIR
if has history; then for r in $REPOS; do HISTORY_DIR[$r]=$(clone "$r"); done; fi
if has dir; then
    redis=$(clone redis)
    TREES="$WORK/redis-trees"
    if [ ! -d "$TREES" ]; then
        # The newest patch release of each of the 12 newest minor series: real release trees, as a user scans them.
        tags=$(git -C "$redis" tag | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V |
            awk -F. '{ k = $1 "." $2; last[k] = $0; if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
                     END { for (i = n - 11; i <= n; i++) if (i > 0) print last[order[i]] }')
        mkdir -p "$TREES"
        for t in $tags; do mkdir -p "$TREES/$t" && git -C "$redis" archive "$t" | tar -x -C "$TREES/$t"; done
    fi
    TREE_INFO="$(ls "$TREES" | wc -l) trees ($(ls "$TREES" | tr '\n' ' ')), $(( $(du -sb "$TREES" | cut -f1) / 1048576 )) MB"
    cat $(find "$TREES" -type f) >/dev/null 2>&1 || true   # warm the page cache for everyone alike
fi
if has hook; then
    HOOK="$WORK/express-hook"
    if [ ! -d "$HOOK/.git" ]; then
        git clone -q "$MIRRORS/${MIRROR[express]}/repo" "$HOOK"
        # A 2-file change, as a developer stages it: two lines appended to two tracked files.
        printf '\nconst retries = 3;\n' >> "$HOOK/lib/application.js"
        printf '\n// keep the cache warm between requests\n' >> "$HOOK/lib/response.js"
        git -C "$HOOK" add -A
    fi
    HOOK_FILES=$(git -C "$HOOK" diff --cached --name-only | tr '\n' ' ')
fi

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -sr); $(date -u '+%F %H:%M UTC')" >&2
echo "secretscan: $SECRETSCAN${BEFORE:+ (before: $BEFORE)}" >&2

# --- interleaved rounds: every command once per round, A B C A B C ... ---
for round in $(seq "$RUNS"); do
    echo "round $round/$RUNS..." >&2
    if has history; then
        for r in $REPOS; do
            [ "$r" = git ] && [ "$round" -gt "$LARGE_RUNS" ] && continue
            [ "$r" = redis ] && [ "$round" -gt "$MEDIUM_RUNS" ] && continue
            d=${HISTORY_DIR[$r]}
            # This build and BEFORE swap places every round: whoever runs first pays for a colder page cache.
            if [ $((round % 2)) = 0 ] && [ -n "${BEFORE:-}" ]; then
                measure "history $r" "secretscan git (before)" "$d" "'$BEFORE' git --no-config --min-confidence low -q -f json -o '$WORK/findings-$r-before.json' ."
                measure "history $r" "secretscan git" "$d" "'$SECRETSCAN' git --no-config --min-confidence low -q -f json -o '$WORK/findings-$r-after.json' ."
            else
                measure "history $r" "secretscan git" "$d" "'$SECRETSCAN' git --no-config --min-confidence low -q -f json -o '$WORK/findings-$r-after.json' ."
                [ -n "${BEFORE:-}" ] && measure "history $r" "secretscan git (before)" "$d" "'$BEFORE' git --no-config --min-confidence low -q -f json -o '$WORK/findings-$r-before.json' ."
            fi
            measure "history $r" "git log -p --all" "$d" "git log -p --all"
            measure "history $r" "git cat-file --batch-all-objects --unordered --batch" "$d" "git cat-file --batch-all-objects --unordered --batch"
        done
    fi
    if has dir; then
        measure "dir" "secretscan dir (2 threads)" "$TREES" "'$SECRETSCAN' dir . --no-config -q -f json -o /dev/null"
        [ -n "${BEFORE:-}" ] && measure "dir" "secretscan dir (before)" "$TREES" "'$BEFORE' dir . --no-config -q -f json -o /dev/null"
        measure "dir" "secretscan dir --threads 1" "$TREES" "'$SECRETSCAN' dir . --no-config -q -f json -o /dev/null --threads 1"
        measure "dir" "rg -j1, 31 secret regexes" "$TREES" "rg --no-ignore --hidden --no-messages -c -j1 -f '$PATTERNS' ."
    fi
    if has hook; then
        quick "hook" "secretscan staged" "$HOOK" "$SECRETSCAN staged -q"
        [ -n "${BEFORE:-}" ] && quick "hook" "secretscan staged (before)" "$HOOK" "$BEFORE staged -q"
        quick "hook" "git diff --cached -U0" "$HOOK" "git diff --cached -U0"
        quick "hook" "rg on the 2 files" "$HOOK" "rg --no-messages -c -f $PATTERNS $HOOK_FILES"
    fi
    if has start; then
        quick "start" "secretscan --version" "$WORK" "$SECRETSCAN --version"
        [ -n "${BEFORE:-}" ] && quick "start" "secretscan --version (before)" "$WORK" "$BEFORE --version"
        quick "start" "git --version" "$WORK" "git --version"
    fi
done

# --- repository facts and the findings comparison ---
FACTS="$WORK/facts.txt"; : > "$FACTS"
if has history; then
    for r in $REPOS; do
        d=${HISTORY_DIR[$r]}
        echo "$r: $(git -C "$d" rev-list --all --count) commits, $(git -C "$d" for-each-ref | wc -l) refs, .git $(du -sh "$d/.git" | cut -f1)" >> "$FACTS"
    done
fi
[ -n "${TREE_INFO:-}" ] && echo "directory: $TREE_INFO" >> "$FACTS"
[ -n "${HOOK_FILES:-}" ] && echo "pre-commit: express clone, staged $HOOK_FILES" >> "$FACTS"

python3 - "$RESULTS" "$FACTS" "$WORK" "${BEFORE:+1}" "$REPOS" <<'PY'
import json, os, statistics, sys
rows, facts, work, before, repos = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5].split()
samples = {}
for line in open(rows):
    group, name, secs, rss = line.rstrip("\n").split("\t")
    s = samples.setdefault((group, name), {"t": [], "rss": []})
    s["t"].append(float(secs)); s["rss"].append(int(rss))
med = {k: statistics.median(v["t"]) for k, v in samples.items()}
FLOORS = {"history": ["git log -p --all", "git cat-file --batch-all-objects --unordered --batch"],
          "dir": ["rg -j1, 31 secret regexes"], "hook": ["git diff --cached -U0"], "start": ["git --version"]}
def fmt(t): return f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s"
print(open(facts).read().strip() + "\n")
print("| mode | command | median (min–max) | peak RSS | ratios vs floor in the same rounds | runs |")
print("|---|---|---|---|---|---|")
for (group, name), s in samples.items():
    kind = group.split()[0]
    floors = [f for f in FLOORS[kind] if f != name and (group, f) in med]
    ratios = "; ".join(f"{med[(group, name)] / med[(group, f)]:.2f}× {f.split(' --')[0] if 'cat-file' in f else f}" for f in floors) if not name.startswith(("git ", "rg ")) else "floor" if name in FLOORS[kind] else ""
    print(f"| {group} | `{name}` | {fmt(med[(group, name)])} ({fmt(min(s['t']))}–{fmt(max(s['t']))}) | {max(s['rss']) // 1024} MB | {ratios} | {len(s['t'])} |")
if before:
    print("\nHistory findings (--min-confidence low, so that the comparison has material), this build vs BEFORE, in report order (rule, fingerprint, path, commit, line, column, occurrences):")
    for r in repos:
        a, b = (os.path.join(work, f"findings-{r}-{x}.json") for x in ("after", "before"))
        if not (os.path.exists(a) and os.path.exists(b)): continue
        def keys(p):
            d = json.load(open(p))
            return [(f["ruleId"], f["fingerprint"], f["file"], f.get("commit"), f["line"], f["column"], f.get("moreOccurrences", 0))
                    for f in d["findings"]], d["stats"]
        ka, sa = keys(a); kb, sb = keys(b)
        same = "IDENTICAL" if ka == kb else "DIFFERENT"
        print(f"- {r}: {len(ka)} vs {len(kb)} findings, {same}; blobs {sa.get('blobs')} vs {sb.get('blobs')}, suppressed {sa.get('suppressed')} vs {sb.get('suppressed')}")
PY
