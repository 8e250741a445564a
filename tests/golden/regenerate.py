"""Rewrite the golden results from the examples, showing what changes.

    python tests/golden/regenerate.py            # rewrite what changed, show the diff
    python tests/golden/regenerate.py --check    # show the diff, write nothing
    python tests/golden/regenerate.py --accept-score-changes

A golden file is a reviewed result. A change of wording or provenance (a sha256 after a scheme
file was edited) is rewritten with its diff shown; a change of a **total or a band** is refused
unless --accept-score-changes is given, because that is a change of what jescore says a job is
worth, and must be looked at on purpose. Exit 0 when everything was written (or nothing
differs), 1 when a change was refused or, with --check, when anything differs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"


def _jescore(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "jescore", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _scores(path: Path, text: str) -> list[tuple[str, object, object]]:
    """(what, total, band) for every evaluation a golden JSON holds; [] for others.

    Reads JSON shape 2 and the shape 1 it replaced, so that goldens written before the change
    of shape are compared on what they say a job is worth.
    """
    if path.suffix != ".json" or not text:
        return []
    data = json.loads(text)
    if data.get("shape") == 1:
        return _scores_shape_1(data)
    if "awarded" in data:  # an appeal
        sides = ("awarded", "claimed")
        return [(side, data[side]["score"]["total"], _label(data[side]["score"])) for side in sides]
    if "jobs" in data:  # a match: the verdict per profile is part of what jescore says
        return [
            (p["profile"]["title"], j["score"]["total"], p["verdict"])
            for j in data["jobs"]
            for p in j["profiles"]
        ]
    if "score_range" in data:  # a profile
        return [(data["file"]["path"], data["score_range"]["min"], data["score_range"]["max"])]
    return [
        (e["file"]["path"], e["score"]["total"], _label(e["score"])) for e in data["evaluations"]
    ]


def _label(score: dict[str, Any]) -> object:
    return (score.get("band") or {}).get("label")


def _scores_shape_1(data: dict[str, Any]) -> list[tuple[str, object, object]]:
    if "awarded" in data:
        return [(side, data[side]["total"], data[side]["band"]) for side in ("awarded", "claimed")]
    if "jobs" in data:
        return [
            (p["profile"]["title"], j["total"], p["verdict"])
            for j in data["jobs"]
            for p in j["profiles"]
        ]
    if "score_range" in data:
        return [(data["file"]["path"], data["score_range"]["min"], data["score_range"]["max"])]
    band = data.get("band") or {}
    return [(data["questionnaire"]["path"], data["total"], band.get("label"))]


def _wanted() -> dict[Path, str]:
    """Every golden file and the text jescore now gives for it."""
    out: dict[Path, str] = {}
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        rel = example.relative_to(ROOT).as_posix()
        for fmt, suffix in (("json", "json"), ("markdown", "md")):
            out[GOLDEN / f"{example.stem}.{suffix}"] = _jescore("evaluate", rel, "--format", fmt)
    for fmt in ("markdown", "csv", "json", "html"):
        suffix = {"markdown": "md"}.get(fmt, fmt)
        out[GOLDEN / "appeal" / f"vlo.{suffix}"] = _jescore(
            "appeal", "examples/vlo.yaml", "examples/vlo-claim.yaml", "--format", fmt
        )
    for fmt, suffix in (("json", "json"), ("markdown", "md")):
        out[GOLDEN / "match" / f"nhs-nurse.{suffix}"] = _jescore(
            "match", "examples/nhs-nurse.yaml", "examples/profiles", "--format", fmt
        )
        for profile in sorted((ROOT / "examples" / "profiles").glob("*.yaml")):
            rel = profile.relative_to(ROOT).as_posix()
            out[GOLDEN / "profile" / f"{profile.stem}.{suffix}"] = _jescore(
                "profile", "show", rel, "--format", fmt
            )
    return out


def _pages() -> dict[Path, str]:
    """The README and docs/ pages with their console examples (except excerpts) as run now."""
    sys.path.insert(0, str(ROOT))
    from tests.readme import PAGES, examples, output

    out = {}
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for example in reversed(examples(text)):  # from the end: earlier offsets stay valid
            if not example.excerpt:
                shown = "\n".join(output(example.command)) + "\n"
                text = text[: example.start] + shown + text[example.end :]
        out[page] = text
    return out


def main() -> int:
    """Show every difference; write what may be written; say what was refused."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="show the diff, write nothing")
    parser.add_argument(
        "--accept-score-changes",
        action="store_true",
        help="also rewrite goldens whose total or band changed",
    )
    args = parser.parse_args()
    wanted = _wanted()
    wanted.update(_pages())
    refused, changed = [], []
    for path, new in wanted.items():
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if old == new:
            continue
        rel = path.relative_to(ROOT).as_posix()
        changed.append(rel)
        sys.stdout.writelines(
            difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True), rel, rel + " (now)"
            )
        )
        before, after = _scores(path, old), _scores(path, new)
        if before and before != after and not args.accept_score_changes:
            refused.append(f"{rel}: {before} -> {after}")
            continue
        if not args.check:
            path.write_text(new, encoding="utf-8")
    if refused:
        print("\nREFUSED (a total or band changed; review, then --accept-score-changes):")
        print("\n".join(f"  {r}" for r in refused))
    verb = "differ" if args.check else "rewritten"
    done = [c for c in changed if not any(r.startswith(c + ":") for r in refused)]
    print(f"\n{len(done)} file(s) {verb}: {', '.join(done) or 'none'}")
    return 1 if refused or (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
