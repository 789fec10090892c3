"""Helpers shared by the hostile-input tests (tests/security/test_input_*, test_output_*,
test_spreadsheet_*): how a refusal must look."""

from __future__ import annotations


def assert_refused(result, *needles: str) -> str:
    """Exit 2, exactly one ``Error:`` line on stderr naming ``needles``, no traceback."""
    assert result.code == 2, (result.code, result.stdout[-500:], result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    line = lines[0]
    assert line.startswith(("Error: ", "Fejl: ")), line
    assert "internal error" not in line and "Traceback" not in result.stderr, line
    for needle in needles:
        assert needle in line, (needle, line)
    return line


def assert_import_refused(result, *needles: str) -> str:
    """An import refusal: exit 2, ``Fejl:``/``Error:`` then one line per problem, no traceback."""
    assert result.code == 2, (result.code, result.stdout[-500:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.startswith(("Error: ", "Fejl: ")), result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)
    return result.stderr
