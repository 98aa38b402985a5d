#!/usr/bin/env bash
# History-scan benchmark: generates a deterministic repository with thousands of commits, then times
# `secretscan git` (Release build) beside `git log -p --all` and `git cat-file --batch-all-objects --batch`
# in the same run, and prints the figures and ratios. Not part of the test run.
#
#   bench/history.sh [COMMITS] [RUNS]        defaults: 3000 commits, median of 3 runs
#   SECRETSCAN=/path/to/secretscan bench/history.sh    time another build (e.g. the Native AOT one)
#   BENCH_DIR=/tmp/x bench/history.sh                  where the repository is generated (reused if present)
set -euo pipefail

COMMITS=${1:-3000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/secretscan-bench-v2-$COMMITS}
REPO=$BENCH_DIR/repo

if [ -z "${SECRETSCAN:-}" ]; then
    echo "Building secretscan (Release)..." >&2
    dotnet build "$ROOT/src/SecretScan.Cli/SecretScan.Cli.csproj" -c Release -v quiet -nologo >/dev/null
    SECRETSCAN="$ROOT/src/SecretScan.Cli/bin/Release/net10.0/secretscan"
fi

# A deterministic repository through git fast-import: COMMITS commits over 400 files in 40 folders, each commit
# rewriting 3 files (60-line texts from a fixed LCG), a side branch merged every 250 commits, an annotated tag
# every 500, and a fake AWS-style key id planted every 400 commits so the scan has findings to merge. A large file
# (about 150 KB, 2,500 lines) is rewritten every 10th commit with a few lines changed: blob-based scanners read every
# version whole, while git log -p prints only the changed lines, so this is the hard case for a history scan.
generate() {
    rm -rf "$BENCH_DIR"; mkdir -p "$REPO"
    git -C "$REPO" init -q -b main
    awk -v commits="$COMMITS" '
    function rnd() { seed = (seed * 16807) % 2147483647; return seed }
    function word(   n, w, i) { n = 3 + rnd() % 8; w = ""; for (i = 0; i < n; i++) w = w substr(letters, 1 + rnd() % 26, 1); return w }
    function text(i, planted,   s, l, k) {
        s = ""
        for (l = 0; l < 60; l++) { for (k = 0; k < 8; k++) s = s word() " "; s = s "\n" }
        if (planted) s = s "aws_access_key_id = AKIA" key() "\n"
        return s
    }
    function key(   k, i) { k = ""; for (i = 0; i < 16; i++) k = k substr(upper, 1 + rnd() % 32, 1); return k }
    function bigfile(   l, s) {
        for (l = 0; l < 5; l++) big[rnd() % 2500] = word() " " word() " " word() " " word() " " word() " " word() " " word() " " word()
        s = ""; for (l = 0; l < 2500; l++) s = s big[l] "\n"
        return s
    }
    function commit(ref, i, parent, merge,   f, t, data) {
        printf "commit %s\nmark :%d\nauthor Bench <bench@example.test> %d +0000\ncommitter Bench <bench@example.test> %d +0000\n", ref, i, 1700000000 + i * 60, 1700000000 + i * 60
        data = "change " i
        printf "data %d\n%s\n", length(data), data
        if (parent) printf "from :%d\n", parent
        if (merge) printf "merge :%d\n", merge
        for (f = 0; f < 3; f++) {
            t = text(i, f == 0 && i % 400 == 7)
            printf "M 100644 inline src/mod%d/file%d.txt\ndata %d\n%s\n", (i * 7 + f) % 40, (i * 13 + f * 101) % 400, length(t), t
        }
        if (i % 10 == 0) { t = bigfile(); printf "M 100644 inline data/catalog.txt\ndata %d\n%s\n", length(t), t }
    }
    BEGIN {
        seed = 42; letters = "abcdefghijklmnopqrstuvwxyz"; upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        last = 0; side = 0
        for (l = 0; l < 2500; l++) big[l] = word() " " word() " " word() " " word() " " word() " " word() " " word() " " word()
        for (i = 1; i <= commits; i++) {
            if (i % 250 == 100) { commit("refs/heads/side", i, last, 0); side = i; continue }
            if (i % 250 == 200 && side) { commit("refs/heads/main", i, last, side); last = i; continue }
            commit("refs/heads/main", i, last, 0); last = i
            if (i % 500 == 0) printf "tag v%d\nfrom :%d\ntagger Bench <bench@example.test> %d +0000\ndata 4\nv%d\n\n", i / 500, i, 1700000000 + i * 60, i / 500
        }
    }' | git -C "$REPO" fast-import --quiet
    git -C "$REPO" gc -q
}

if [ ! -d "$REPO/.git" ] || [ "$(git -C "$REPO" rev-list --all --count)" -lt "$((COMMITS * 9 / 10))" ]; then
    echo "Generating a $COMMITS-commit repository in $REPO..." >&2
    generate
fi

# Median wall time in seconds of RUNS runs of a shell command.
time_cmd() {
    local times=() start end
    for _ in $(seq "$RUNS"); do
        start=$(date +%s.%N)
        bash -c "$1" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

commits=$(git -C "$REPO" rev-list --all --count)
blobs=$(git -C "$REPO" rev-list --objects --all | cut -d' ' -f1 | git -C "$REPO" cat-file --batch-check='%(objecttype)' | grep -c '^blob$')
size=$(du -sh "$REPO/.git" | cut -f1)
echo "Repository: $commits commits, $blobs unique blobs, .git $size; $(nproc) cores; median of $RUNS runs"
echo "secretscan: $SECRETSCAN"

cd "$REPO"
t_scan=$(time_cmd "'$SECRETSCAN' git --no-config -q -f json -o /dev/null")
t_log=$(time_cmd "git log -p --all > /dev/null")
t_cat=$(time_cmd "git cat-file --batch-all-objects --unordered --batch > /dev/null")
summary=$("$SECRETSCAN" git --no-config --no-color 2>/dev/null | tail -n 1 || true)

printf '\n%-62s %8s\n' "command" "seconds"
printf '%-62s %8.2f\n' "secretscan git (all refs, every blob once)" "$t_scan"
printf '%-62s %8.2f\n' "git log -p --all > /dev/null" "$t_log"
printf '%-62s %8.2f\n' "git cat-file --batch-all-objects --unordered --batch > /dev/null" "$t_cat"
echo
echo "secretscan: $summary"
printf 'ratio secretscan / git log -p --all:   %.2f\n' "$(echo "$t_scan / $t_log" | bc -l)"
printf 'ratio secretscan / cat-file --batch:   %.2f\n' "$(echo "$t_scan / $t_cat" | bc -l)"
