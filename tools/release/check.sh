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
# The executable, its licence and readme, and the native libgit2 library that `git` and `staged` load: nothing else.
unexpected=$(ls "$work/$name" | grep -v -x -E 'secretscan(\.exe)?|LICENSE|README\.md|(lib)?git2-[0-9a-f]+\.(so|dylib|dll)' || true)
[ -z "$unexpected" ] || { echo "check: unexpected files in the archive: $unexpected" >&2; exit 1; }
ls "$work/$name" | grep -q -E '^(lib)?git2-' || { echo "check: the archive has no libgit2 library: git and staged scans would fail" >&2; exit 1; }
"$exe" --version
mkdir "$work/project"
# A fake AWS key id built at run time, so this script itself holds no key-shaped string.
printf 'aws_access_key_id = AKIA%s\n' "$(tr -dc 'A-Z2-7' </dev/urandom | head -c 16)" > "$work/project/credentials"
set +e; "$exe" dir "$work/project" >"$work/out.txt" 2>&1; rc=$?; set -e
[ "$rc" -eq 1 ] || { cat "$work/out.txt" >&2; echo "check: expected exit 1 on a fake key, got $rc" >&2; exit 1; }
grep -q 'credentials:1:' "$work/out.txt"
# The same key staged, then committed: the hook's scan and the history scan must run from the archive too.
git -C "$work/project" init -q
git -C "$work/project" add credentials
set +e; (cd "$work/project" && "$exe" staged) >"$work/out.txt" 2>&1; rc=$?; set -e
[ "$rc" -eq 1 ] || { cat "$work/out.txt" >&2; echo "check: staged: expected exit 1 on a fake key, got $rc" >&2; exit 1; }
git -C "$work/project" -c user.name=check -c user.email=check@example.invalid commit -q --no-verify -m key
set +e; "$exe" git "$work/project" >"$work/out.txt" 2>&1; rc=$?; set -e
[ "$rc" -eq 1 ] || { cat "$work/out.txt" >&2; echo "check: git: expected exit 1 on a fake key, got $rc" >&2; exit 1; }
grep -q 'credentials:1:' "$work/out.txt"
echo "check: $name is good"
