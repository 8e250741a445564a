"""The equal pay audit's JSON as the pay tests compare it.

The shape itself (shape 2: a group's band a band object, its job a job object, each screened job
under ``job`` and ``score``) is checked against its JSON Schema in test_output.py; these tests
compare figures, so each group gets its band label, job reference and scheme id as plain values.
"""

from __future__ import annotations

from typing import Any


def flatten(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each group's band, job and scheme as plain values, and screened jobs flat."""
    for g in data["groups"]:
        g["band"] = g["band"]["label"] if g["band"] else None
        g["job"] = g["job"]["reference"] if g["job"] else None
        g["scheme"] = g["structure"]["scheme"] if g["structure"] else None
    for pair in data["comparators"]["pairs"]:
        for side, share in (("women_job", "women_share_pct"), ("men_job", "men_share_pct")):
            entry = pair[side]
            band = entry["score"]["band"]
            pair[side] = {
                "reference": entry["job"]["reference"],
                "title": entry["job"]["title"],
                "organisation": entry["job"]["organisation"],
                "total": entry["score"]["total"],
                "band": band["label"] if band else None,
                "median_pay": entry["median_pay"],
                share: entry["share_pct"],
            }
    return data
