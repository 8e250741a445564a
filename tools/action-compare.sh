#!/usr/bin/env bash
# The script behind action.yml: compare the questionnaires a pull request changes with its base,
# gate on band changes, write the step summary and the action's outputs.
#
# Environment (set by action.yml from its inputs; every one optional):
#   JESCORE_BASE     revision to compare with; default: origin/$GITHUB_BASE_REF (the pull
#                    request's base branch)
#   JESCORE_FAIL_ON  the gate: band-change (default), band-down, band-up, score-change, never
#   JESCORE_PATHS    questionnaires or folders to compare, separated by spaces or new lines;
#                    default: every YAML file that differs from the base
#   JESCORE_COMMAND  how to run jescore (default: jescore)
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY: set by GitHub Actions
# Outputs: tripped (true/false), band-changes (number of questionnaires whose band changed),
# compared (number of questionnaires compared).
# Exit code: jescore's (0 gate held, 1 gate tripped, 2 usage, 3 invalid input).
set -euo pipefail

read -r -a jescore <<< "${JESCORE_COMMAND:-jescore}"
fail_on="${JESCORE_FAIL_ON:-band-change}"
base="${JESCORE_BASE:-}"
if [ -z "$base" ]; then
    if [ -z "${GITHUB_BASE_REF:-}" ]; then
        echo "::error title=jescore::no base revision: set the action's 'base' input (outside pull requests there is no base branch)"
        exit 2
    fi
    base="origin/$GITHUB_BASE_REF"
fi

# actions/checkout clones one commit by default: fetch the base when it is not here.
if ! git rev-parse --verify --quiet "$base^{commit}" > /dev/null; then
    if [[ "$base" == origin/* ]]; then
        branch="${base#origin/}"
        git fetch --quiet --no-tags --depth=1 origin "+refs/heads/$branch:refs/remotes/origin/$branch" || true
    else
        git fetch --quiet --no-tags --depth=1 origin "$base" || true
        if git rev-parse --verify --quiet FETCH_HEAD > /dev/null; then
            base="$(git rev-parse FETCH_HEAD)"
        fi
    fi
    if ! git rev-parse --verify --quiet "$base^{commit}" > /dev/null; then
        echo "::error title=jescore::the base revision '$base' is not in this clone and could not be fetched from origin"
        exit 2
    fi
fi

paths=()
if [ -n "${JESCORE_PATHS:-}" ]; then
    read -r -d '' -a paths <<< "$JESCORE_PATHS" || true
fi

report="$(mktemp -d)/compare.json"
status=0
"${jescore[@]}" compare --git "$base" --fail-on "$fail_on" --summary --format json \
    --output "$report" "${paths[@]}" || status=$?

python3 - "$report" "${GITHUB_OUTPUT:-/dev/null}" "$status" <<'PY'
import json, os, re, sys
report, output, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")

def clean(text):
    """File names and verdicts as one safe line: no new lines, escapes, or workflow commands."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))

if os.path.exists(report):
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    files = data["files"]
else:  # nothing could be compared: jescore said why on stderr
    data, files = {"tripped": False}, []
changed = [f for f in files if f.get("band_changed")]
tripped = status == 1
with open(output, "a", encoding="utf-8") as out:
    out.write(f"tripped={'true' if tripped else 'false'}\n")
    out.write(f"band-changes={len(changed)}\n")
    out.write(f"compared={len(files)}\n")
for f in files:
    side = f["new"] or f["old"]
    name = side["file"]["path"] if side else "?"
    print(f"jescore: {clean(name)}: {clean(f['verdict'])}")
print(
    f"jescore: {len(files)} questionnaire(s) compared, {len(changed)} band change(s); "
    f"gate {data.get('fail_on', '?')}: {'TRIPPED' if tripped else 'held'}"
)
PY
exit "$status"
