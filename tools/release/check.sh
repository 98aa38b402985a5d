#!/usr/bin/env bash
# Checks a release artefact set built by build.sh for this machine's runtime: the checksums verify, the SBOM lists
# the packages the executable is built from, and the unpacked executable runs and blocks on a fake key.
#   tools/release/check.sh DIST_DIR RID
set -euo pipefail
dist=${1:?usage: check.sh DIST_DIR RID}; rid=${2:?}
cd "$dist"
sums=$(ls secretscan-*-"$rid".sha256)
sha256sum -c "$sums"
name=${sums%.sha256}
grep -q '"bomFormat": *"CycloneDX"' "$name.cdx.json"
for package in LibGit2Sharp YamlDotNet CommandLineParser Microsoft.Extensions.FileSystemGlobbing; do
    grep -q "\"name\": *\"$package\"" "$name.cdx.json" || { echo "check: the SBOM does not list $package" >&2; exit 1; }
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$name.tar.gz"
exe="$work/$name/secretscan"
test -f "$work/$name/LICENSE" && test -f "$work/$name/README.md"
[ "$(ls "$work/$name" | wc -l)" -eq 3 ] || { echo "check: unexpected files in the archive: $(ls "$work/$name")" >&2; exit 1; }
"$exe" --version
mkdir "$work/project"
# A fake AWS key id built at run time, so this script itself holds no key-shaped string.
printf 'aws_access_key_id = AKIA%s\n' "$(tr -dc 'A-Z2-7' </dev/urandom | head -c 16)" > "$work/project/credentials"
set +e; "$exe" dir "$work/project" >"$work/out.txt" 2>&1; rc=$?; set -e
[ "$rc" -eq 1 ] || { cat "$work/out.txt" >&2; echo "check: expected exit 1 on a fake key, got $rc" >&2; exit 1; }
grep -q 'credentials:1:' "$work/out.txt"
echo "check: $name is good"
