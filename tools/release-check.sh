#!/usr/bin/env bash
# Release artefacts: build the sdist and the wheel, check their metadata, install each in a fresh
# virtual environment and smoke-test it there (shipped schemes found, an example evaluated and
# matched from the unpacked sdist, the version the package says).
#
# Usage: tools/release-check.sh [OUTDIR]   (default: a temporary folder; dist files are kept
# there). Needs build, twine and hatchling in the running Python (pip install -e '.[dev]').
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

version="$(python -c 'import re,sys; print(re.search(r"__version__ = \"([^\"]+)\"", open("src/jescore/__init__.py").read())[1])')"
echo "release-check: jescore $version"

# hatchling is in the test extra, so no index is needed to build.
python -m build --no-isolation --sdist --wheel --outdir "$out" . > "$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
sdist="$out/jescore-$version.tar.gz"
wheel="$(ls "$out"/jescore-"$version"-*.whl)"
test -f "$sdist" && test -f "$wheel"
python -m twine check --strict "$sdist" "$wheel"

python -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install --quiet --upgrade pip
tar -xzf "$sdist" -C "$work"
src="$work/jescore-$version"

smoke() {  # what a user does first, from outside any checkout
    local what="$1"
    (
        cd "$work"
        jescore="$work/venv/bin/jescore"
        test "$("$jescore" --version)" = "jescore $version"
        "$jescore" schemes | grep -q "nhs-afc"
        "$jescore" evaluate "$src/examples/vlo.yaml" > "$work/vlo.txt" 2> "$work/notices.txt"
        grep -q "Band 3" "$work/vlo.txt"
        "$jescore" match "$src/examples/nhs-nurse.yaml" "$src/examples/profiles" -f json \
            > "$work/match.json" 2> "$work/notices.txt"
        "$py" -c 'import json,sys; j=json.load(open(sys.argv[1]))["jobs"][0]; assert j["best_verdict"]=="match-with-variations", j' "$work/match.json"
        "$py" -I -c 'import jescore.references as r; assert "/site-packages/" in str(r.shipped_dir()), r.shipped_dir()'
    )
    echo "release-check: $what installs and passes the smoke test"
}

"$py" -m pip install --quiet "$wheel"
smoke "wheel $(basename "$wheel")"
# The sdist builds with its own build requirements; hatchling comes from the index or a cache.
"$py" -m pip uninstall --quiet --yes jescore
"$py" -m pip install --quiet "$sdist"
smoke "sdist $(basename "$sdist")"
echo "release-check: artefacts in $out"
