"""The benchmark's synthetic data (``benchmarks/generate.py``) for tests: one loader."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


@cache
def generator() -> ModuleType:
    """``benchmarks/generate.py`` as a module (registered as ``generate``)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)
    spec.loader.exec_module(module)
    return module


def generate_set(out: Path, n: int, seed: int = 0, *, planted: bool = True) -> Path:
    """Write ``n`` municipalities to ``out``; without ``planted`` no ``planted.json``."""
    generator().generate(n, out, seed=seed)
    if not planted:
        (out / "planted.json").unlink()
    return out


@cache
def bnode_shapes() -> ModuleType:
    """``benchmarks/bnodes.py`` (the blank-node shapes it times) as a module."""
    path = ROOT / "benchmarks" / "bnodes.py"
    spec = importlib.util.spec_from_file_location("bench_bnodes", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_bnodes", module)
    spec.loader.exec_module(module)
    return module
