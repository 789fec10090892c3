"""The W3C SPARQL 1.1 Protocol tests (query side) through protocol_driver.py.

The suite is not in this repository: set KKTRACE_W3C_TESTS to a checkout of
github.com/w3c/rdf-tests (or its sparql/sparql11/protocol folder) to run them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from protocol_driver import run

SUITE = os.environ.get("KKTRACE_W3C_TESTS", "")


@pytest.mark.skipif(
    not SUITE, reason="set KKTRACE_W3C_TESTS to a checkout of github.com/w3c/rdf-tests"
)
def test_w3c_protocol_query_side():
    passed, total, lines = run(Path(SUITE))
    assert total == 20
    assert passed == total, "\n".join(line for line in lines if line.startswith("FAIL"))
