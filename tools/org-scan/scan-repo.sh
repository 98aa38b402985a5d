#!/usr/bin/env bash
# One repository of an organisation scan (.github/workflows/org-scan.yml runs it in every matrix job): scans the
# history added since the commit this repository was last scanned at, writes SARIF and a one-line JSON summary, and
# records the new tip so the next run is incremental. Tested by tests/…/OrgScanScriptTests.cs.
#
#   scan-repo.sh REPO_DIR STATE_DIR OUT_DIR NAME
#     STATE_DIR/last-scanned   the tips of every ref scanned last time (absent: first, full scan); rewritten on success
#     OUT_DIR/NAME.sarif       SARIF for code scanning;  OUT_DIR/NAME.summary.json  {"repository", "since", "head", ...}
set -euo pipefail
repo=${1:?usage: scan-repo.sh REPO_DIR STATE_DIR OUT_DIR NAME}; state=${2:?}; out=${3:?}; name=${4:?}
SECRETSCAN=${SECRETSCAN:-secretscan}
mkdir -p "$state" "$out"
head=$(git -C "$repo" rev-parse HEAD)
since=""
if [ -f "$state/last-scanned" ]; then
    # The tip of every ref scanned last time, one per line (older state files hold only HEAD's). A commit reachable
    # from any of them was scanned then. A force-push can remove an old tip: it is dropped rather than trusted (its
    # object may linger in the mirror until gc, so existence alone proves nothing).
    tips=()
    while read -r last; do
        last=$(printf '%s' "$last" | tr -dc '0-9a-f')
        if [ -n "$last" ] && git -C "$repo" cat-file -e "$last^{commit}" 2>/dev/null \
            && [ -n "$(git -C "$repo" for-each-ref --contains "$last" --count=1)" ]; then tips+=("$last"); fi
    done < "$state/last-scanned"
    if [ ${#tips[@]} -eq 1 ]; then
        since=${tips[0]}
    elif [ ${#tips[@]} -gt 1 ]; then
        # --since takes one revision: an unreferenced commit whose parents are all the old tips stands for them, so
        # release branches that HEAD never merges are not read again every day (redis: 27,484 commits instead of 20).
        parents=()
        for t in "${tips[@]}"; do parents+=(-p "$t"); done
        empty_tree=$(git -C "$repo" hash-object -w -t tree /dev/null)
        since=$(git -C "$repo" -c user.name=secretscan -c user.email=secretscan@localhost commit-tree "$empty_tree" "${parents[@]}" -m "secretscan: scanned last time")
    fi
fi
args=(git "$repo" --no-color --format sarif --output "$out/$name.sarif" --report "json=$out/$name.json" --sarif-category "secretscan/org/$name")
[ -n "$since" ] && args+=(--since "$since")
start=$(date +%s)
set +e
"$SECRETSCAN" "${args[@]}" >/dev/null 2>"$out/$name.stderr"
rc=$?
set -e
seconds=$(( $(date +%s) - start ))
if [ "$rc" -ge 2 ]; then
    cat "$out/$name.stderr" >&2
    printf '{"repository":"%s","error":true,"exitCode":%d}\n' "$name" "$rc" > "$out/$name.summary.json"
    exit "$rc"
fi
findings=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$out/$name.json")
commits=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["commits"])' "$out/$name.json")
printf '{"repository":"%s","since":"%s","head":"%s","findings":%d,"commits":%d,"seconds":%d}\n' \
    "$name" "$since" "$head" "$findings" "$commits" "$seconds" > "$out/$name.summary.json"
rm -f "$out/$name.json" "$out/$name.stderr"   # the JSON report is only read for the summary: it holds masked values only, but keep artefacts small
git -C "$repo" rev-list --no-walk --all > "$state/last-scanned"
echo "$name: $findings finding(s) in $commits commit(s)${since:+ since ${since:0:12}}"
