#!/usr/bin/env bash
# Builds one release artefact set for a runtime identifier: the Native AOT single-file `secretscan`, packed with the
# licence and readme, its SHA-256 checksum and a CycloneDX SBOM. The release workflow (.github/workflows/release.yml)
# runs exactly this on each OS; CI runs it for linux-x64 and then checks what it produced (tools/release/check.sh).
#
#   tools/release/build.sh RID [OUT_DIR]      e.g. tools/release/build.sh linux-x64 dist
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
rid=${1:?usage: build.sh RID [OUT_DIR] (linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64)}
out=$(mkdir -p "${2:-$ROOT/dist}" && cd "${2:-$ROOT/dist}" && pwd)
project="$ROOT/src/SecretScan.Cli/SecretScan.Cli.csproj"
cd "$ROOT"

version=$(dotnet msbuild "$project" -getProperty:Version -nologo)
name="secretscan-$version-$rid"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

echo "release: publishing $name (Native AOT)" >&2
dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true -p:DebugType=none -o "$stage/$name" -nologo -v quiet >"$stage/publish.log" 2>&1 \
    || { tail -n 30 "$stage/publish.log" >&2; echo "release: publish failed" >&2; exit 1; }
# The executable and the native libgit2 library it loads for `git` and `staged` ship (without that library those
# scans fail, and a hook fails closed on every commit); debug symbols, which can be a hundred times the size, do not.
find "$stage/$name" -name '*.dSYM' -prune -exec rm -rf {} +
find "$stage/$name" -type f \( -name '*.dbg' -o -name '*.pdb' -o -name '*.xml' \) -delete
cp LICENSE README.md "$stage/$name/"

case $rid in
    win-*) archive="$name.zip"; (cd "$stage" && python3 -c 'import shutil,sys; shutil.make_archive(sys.argv[1], "zip", ".", sys.argv[1])' "$name") && mv "$stage/$archive" "$out/" ;;
    *)     archive="$name.tar.gz"; tar -C "$stage" -czf "$out/$archive" "$name" ;;
esac

echo "release: SBOM" >&2
dotnet tool restore >/dev/null
dotnet tool run dotnet-CycloneDX "$project" --recursive --exclude-test-projects -F Json -o "$out" -fn "$name.cdx.json" \
    -sn secretscan -sv "$version" -dhc >"$stage/sbom.log" 2>&1 \
    || { tail -n 30 "$stage/sbom.log" >&2; echo "release: SBOM failed" >&2; exit 1; }

# One checksum file per artefact set; the release job concatenates them into SHA256SUMS.
(cd "$out" && { command -v sha256sum >/dev/null && sha256sum "$archive" "$name.cdx.json" || shasum -a 256 "$archive" "$name.cdx.json"; } > "$name.sha256")
echo "$out/$archive"
