"""Helpers shared by the hostile-input tests (tests/security/test_input_*, test_output_*,
test_spreadsheet_*): how a refusal must look."""

from __future__ import annotations


def assert_refused(result, *needles: str) -> str:
    """Exit 2, exactly one ``Error:`` line on stderr naming ``needles``, no traceback."""
    assert result.code == 2, (result.code, result.stdout[-500:], result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    line = lines[0]
    assert line.startswith("Error: "), line
    assert "internal error" not in line and "Traceback" not in result.stderr, line
    for needle in needles:
        assert needle in line, (needle, line)
    return line
