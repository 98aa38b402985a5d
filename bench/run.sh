#!/usr/bin/env bash
# One command for every benchmark: installs what they need (ripgrep, hyperfine, bc), publishes the Native AOT
# build once, then runs the directory, history and pre-commit benchmarks and, with --micro, BenchmarkDotNet.
# Each prints its own figures and ratios against baselines measured in the same run. Not part of the tests.
#
#   bench/run.sh            dir + history + hook latency
#   bench/run.sh --micro    also the detector micro-benchmarks (about a minute more)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out}
mkdir -p "$OUT"

missing=()
for tool in rg hyperfine bc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    pkgs=(); for t in "${missing[@]}"; do case $t in rg) pkgs+=(ripgrep);; *) pkgs+=("$t");; esac; done
    echo "Installing ${pkgs[*]} with apt-get..." >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${pkgs[@]}" >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq "${pkgs[@]}" >/dev/null; fi
fi

echo "Publishing secretscan (Native AOT, Release)..." >&2
dotnet publish "$ROOT/src/SecretScan.Cli" -c Release -p:PublishAot=true -o "$OUT/aot" -v quiet -nologo >/dev/null
export SECRETSCAN="$OUT/aot/secretscan"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(dotnet --version) SDK; $(date -u '+%F %H:%M UTC')"

echo; echo "== Directory scan =="; "$ROOT/bench/dir.sh" "${DIR_TREE:-/usr/include}"
echo; echo "== History scan ==";   "$ROOT/bench/history.sh" "${HISTORY_COMMITS:-15000}"
echo; echo "== Pre-commit hook =="; "$ROOT/bench/hook-latency.sh"
if [ "${1:-}" = "--micro" ]; then
    echo; echo "== Detector micro-benchmarks (BenchmarkDotNet) =="
    dotnet run -c Release --project "$ROOT/bench/Micro" -- --filter '*' --job short 2>&1 | grep -E '^\|'
fi
