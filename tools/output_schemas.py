"""Write the JSON Schema of every command's JSON output, from the shapes the renderers use.

    python tools/output_schemas.py          # rewrite schemas/output/*.schema.json
    python tools/output_schemas.py --check  # exit 1 when a written schema is out of date

Each result module under ``jescore.render`` names the TypedDict of its JSON output
(``JSON_OUTPUT``); the type checker holds the renderer to it, and this tool turns it into a JSON
Schema (draft 2020-12) with pydantic. Every object forbids keys it does not list, and
``command`` must be the command's own name, so a schema catches any drift of the output.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "schemas" / "output"


def _closed(node: Any) -> None:
    """Every object schema forbids keys it does not list."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _closed(value)
    elif isinstance(node, list):
        for value in node:
            _closed(value)


def schemas() -> dict[str, dict[str, Any]]:
    """Each command with JSON output, and the JSON Schema of that output."""
    from pydantic import TypeAdapter

    import jescore.cli  # noqa: F401  (registers every command's formats)
    from jescore.cli.emit import OFFERS
    from jescore.formats import Format

    out: dict[str, dict[str, Any]] = {}
    for command, offer in sorted(OFFERS.items()):
        if Format.JSON not in offer.formats:
            continue
        module = importlib.import_module(f"jescore.render.{offer.renderers}")
        shape = getattr(module, "JSON_OUTPUT", None)
        if shape is None:  # a document of its own standard (schema): no envelope
            continue
        schema = TypeAdapter(shape).json_schema()
        _closed(schema)
        schema["properties"]["command"] = {"const": command, "type": "string"}
        schema["properties"]["shape"] = {"const": 2, "type": "integer"}
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **schema,
            "title": f"jescore {command} --format json",
        }
        out[command] = schema
    return out


def path_of(command: str) -> Path:
    """Where a command's output schema is written."""
    return OUT / f"{command.replace(' ', '-')}.schema.json"


def main() -> int:
    """Write the schemas, or with --check say which are out of date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args()
    stale = []
    wanted = {path_of(c): json.dumps(s, indent=2) + "\n" for c, s in schemas().items()}
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path.relative_to(ROOT).as_posix())
            if not args.check:
                OUT.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    extra = sorted(p for p in OUT.glob("*.schema.json") if p not in wanted)
    for path in extra:
        stale.append(path.relative_to(ROOT).as_posix() + " (no such command)")
        if not args.check:
            path.unlink()
    print(("out of date: " if args.check else "written: ") + (", ".join(stale) or "none"))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
