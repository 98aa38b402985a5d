#!/usr/bin/env bash
# The scan step of action.yml, as a script so that it is tested (tests/…/ActionScriptTests.cs) and not only YAML.
# Inputs come from the environment, never pasted into code, so a crafted value cannot run anything:
#   SCAN (dir|git), SCAN_PATH, SARIF_FILE, CATEGORY, ANNOTATIONS (true|false), EXTRA_ARGS (split on whitespace),
#   SINCE (a revision, or "pr-base" for the pull request's base commit, PR_BASE_SHA), GITHUB_OUTPUT, RUNNER_TEMP.
set -euo pipefail
SECRETSCAN=${SECRETSCAN:-secretscan}
case "$SCAN" in dir|git) ;; *) echo "::error title=secretscan::input 'scan' must be dir or git, not '$SCAN'"; exit 2 ;; esac
args=("$SCAN" "$SCAN_PATH" --no-color --format sarif --output "$SARIF_FILE" --report text=-)
if [ -n "${CATEGORY:-}" ]; then args+=(--sarif-category "$CATEGORY"); fi
since=${SINCE:-}
if [ "$since" = "pr-base" ]; then
    # Outside a pull request there is no base: scan everything rather than silently nothing.
    if [ -n "${PR_BASE_SHA:-}" ]; then since=$PR_BASE_SHA; else since=""; echo "::notice title=secretscan::not a pull request: scanning all of history"; fi
fi
if [ -n "$since" ]; then
    [ "$SCAN" = git ] || { echo "::error title=secretscan::input 'since' needs scan: git"; exit 2; }
    git -C "$SCAN_PATH" cat-file -e "$since^{commit}" 2>/dev/null \
        || { echo "::error title=secretscan::the base commit $since is not in the checkout: use actions/checkout with fetch-depth: 0"; exit 2; }
    args+=(--since "$since")
fi
annotations="${RUNNER_TEMP:-/tmp}/secretscan-annotations.txt"
rm -f "$annotations"
if [ "${ANNOTATIONS:-true}" = "true" ]; then args+=(--report "github=$annotations"); fi
if [ -n "${EXTRA_ARGS:-}" ]; then read -r -a extra <<< "$EXTRA_ARGS"; args+=("${extra[@]}"); fi
set +e
"$SECRETSCAN" "${args[@]}"
rc=$?
set -e
if [ "${ANNOTATIONS:-true}" = "true" ] && [ -f "$annotations" ]; then cat "$annotations"; fi
echo "sarif-file=$SARIF_FILE" >> "$GITHUB_OUTPUT"
echo "exit-code=$rc" >> "$GITHUB_OUTPUT"
if [ $rc -ge 2 ]; then exit $rc; fi
exit 0
