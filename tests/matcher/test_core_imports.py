"""Importing any module of the core must not load heavy libraries (docs/architecture.md, Layout)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
HEAVY = ("torch", "faiss", "fastapi", "pypdf", "sentence_transformers", "docx", "starlette")

SCRIPT = """
import importlib, json, pkgutil, sys
import matcher
names = ["matcher"] + [f"matcher.{m.name}" for m in pkgutil.iter_modules(matcher.__path__)]
for name in names:
    importlib.import_module(name)
heavy = set(sys.argv[1:])
print(json.dumps({"modules": names,
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in heavy)}))
"""


def test_importing_the_core_loads_no_heavy_library() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, *HEAVY],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert "matcher.text" in report["modules"]
    assert "matcher.tor" in report["modules"]
    assert report["loaded"] == []
