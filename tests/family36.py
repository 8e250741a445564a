"""A job family of 36 jobs, assistants to leads across five bands, with one planted outlier.

Every factor rises with seniority, as in a real family; one assistant's finance level is set
far above that of every job near it. A check that compares each level with the whole family's
median flags seniority (assistants low, leads high); one that compares like with like flags the
planted level alone.
"""

from __future__ import annotations

from pathlib import Path

#: Six factors of six levels; a level is worth ``weight * level`` points.
FACTORS = (
    ("knowledge", "Knowledge", 20),
    ("planning", "Planning", 10),
    ("finance", "Financial resources", 10),
    ("people", "Supervision of people", 10),
    ("judgement", "Judgement", 15),
    ("effort", "Mental effort", 5),
)
BANDS = ((1, 0, 119), (2, 120, 199), (3, 200, 279), (4, 280, 359), (5, 360, None))
RANKS = ("Assistant", "Officer", "Senior Officer", "Team Leader")
#: The planted outlier: the fifth job (an assistant) with finance at level 6.
PLANTED = ("job-05.yaml", "finance", 6)


def scheme_text() -> str:
    lines = [
        "id: family36",
        "name: Family test scheme",
        "edition: test",
        "status: illustrative",
        "factors:",
    ]
    for fid, name, weight in FACTORS:
        lines += [f"  - id: {fid}", f"    name: {name}", "    levels:"]
        lines += [
            f"      - {{level: {n}, points: {weight * n}, summary: level {n}}}" for n in range(1, 7)
        ]
    lines += ["grading:", "  name: Test bands", "  bands:"]
    for label, low, high in BANDS:
        top = "" if high is None else f", max: {high}"
        lines.append(f"    - {{label: '{label}', min: {low}{top}}}")
    return "\n".join(lines) + "\n"


def levels(i: int) -> dict[str, int]:
    """Job i of 36 (0 the most junior): each factor near 1 + 5 * i / 35, give or take one."""
    base = 1 + 5 * i / 35
    out = {}
    for k, (fid, _, _) in enumerate(FACTORS):
        wobble = ((i * 7 + k * 3) % 5 - 2) / 4  # -0.5 .. +0.5, the same every run
        out[fid] = max(1, min(6, round(base + wobble)))
    return out


def write_family(folder: Path) -> list[Path]:
    """The scheme and the 36 questionnaires; returns the questionnaires."""
    (folder / "scheme.yaml").write_text(scheme_text(), encoding="utf-8")
    paths = []
    for i in range(36):
        name = f"job-{i + 1:02d}.yaml"
        chosen = levels(i)
        if name == PLANTED[0]:
            chosen[PLANTED[1]] = PLANTED[2]
        title = f"{RANKS[i * len(RANKS) // 36]} {i + 1}"
        body = [f"job: {{title: {title}, family: finance}}", "scheme: scheme.yaml", "factors:"]
        body += [f"  {fid}: {{level: {level}}}" for fid, level in chosen.items()]
        path = folder / name
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
