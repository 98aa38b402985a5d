#!/usr/bin/env bash
# Pre-commit latency: median wall time of `secretscan staged` alone and of a whole `git commit` through the
# installed hook, for a one-file change, in a repository holding a copy of this source tree. Not part of the tests.
#
#   bench/hook-latency.sh [RUNS]                          default 21 runs; uses the Debug build
#   SECRETSCAN=/path/to/secretscan bench/hook-latency.sh  time another build (Release, Native AOT)
set -euo pipefail

RUNS=${1:-21}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ -n "${SECRETSCAN:-}" ] || SECRETSCAN="$ROOT/src/SecretScan.Cli/bin/Debug/net10.0/secretscan"
[ -x "$SECRETSCAN" ] || { echo "no executable at $SECRETSCAN: build first (dotnet build)" >&2; exit 1; }
SECRETSCAN="$(cd "$(dirname "$SECRETSCAN")" && pwd)/$(basename "$SECRETSCAN")"   # linked from a temp folder below
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/bin" "$WORK/repo"
ln -s "$SECRETSCAN" "$WORK/bin/secretscan"
export PATH="$WORK/bin:$PATH" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
cd "$WORK/repo"
git init -q -b main
git config user.name Bench; git config user.email bench@example.test
git -C "$ROOT" ls-files -z -- src tests rules | (cd "$ROOT" && xargs -0 tar -cf -) | tar -xf -
git add -A && git commit -q --no-verify -m "source tree"
cp "$ROOT/hooks/pre-commit" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit

now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1e6 }'; }

staged=() commit=()
for i in $(seq "$RUNS"); do
    echo "// change $i" >> src/SecretScan.Core/Entropy.cs
    git add src/SecretScan.Core/Entropy.cs
    t0=$(now); secretscan staged -q >/dev/null; t1=$(now)
    staged+=($((t1 - t0)))
    t0=$(now); git commit -q -m "change $i" >/dev/null; t1=$(now)
    commit+=($((t1 - t0)))
done
t0=$(now); for i in $(seq "$RUNS"); do git commit -q --no-verify --allow-empty -m "empty $i"; done; t1=$(now)

echo "secretscan: $SECRETSCAN"
echo "repository: $(git ls-files | wc -l) files; one-file change; median of $RUNS runs"
printf 'secretscan staged alone:          %s ms\n' "$(printf '%s\n' "${staged[@]}" | median)"
printf 'git commit with the hook:         %s ms\n' "$(printf '%s\n' "${commit[@]}" | median)"
printf 'git commit --no-verify (mean):    %.1f ms\n' "$(echo "($t1 - $t0) / $RUNS / 1000000" | bc -l)"
