"""Danish mode (the default) speaks Danish in every command's own lines."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_validate_in_danish(cli, tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text(
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        "@prefix kk: <https://w3id.org/kktrace/id/kk/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'kk:BAD-1 a kkt:LocalInitiative ; kkt:startDate "2011-13-45"^^xsd:date .\n'
    )
    bad = cli("validate", ROOT / "data", tmp_path)
    assert bad.code == 1
    assert "Overtrædelse:" in bad.stdout and "Violation" not in bad.stdout
    assert "overtrædelse(r)." in bad.stderr and "violation" not in bad.stderr
    good = cli("validate")
    assert good.code == 0 and good.stdout.startswith("Opfylder:"), good.stdout
    english = cli("validate", "--lang", "en")
    assert english.stdout.startswith("Conforms:")


def test_status_and_check_summary_in_danish(cli, tmp_path: Path) -> None:
    status = cli("status", "--year", "2012", "-o", tmp_path)
    assert status.code == 0 and status.stdout.startswith("Skrev "), status.stdout
    check = cli("check")
    assert check.stdout.splitlines()[-1].startswith("I alt: "), check.stdout[-200:]
    assert "Total" not in check.stdout and "errors" not in check.stdout
