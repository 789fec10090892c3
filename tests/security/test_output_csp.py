"""Every HTML output carries a default-src 'none' CSP and still works offline under it."""

from __future__ import annotations

import html as html_module
import re
import time
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    import subprocess
    import sys

    kktrace = str(Path(sys.executable).with_name("kktrace"))
    out = tmp_path_factory.mktemp("csp")
    for args in (
        ["report", "-o", out / "report"],
        ["status", "--year", "2012", "-o", out / "status"],
        ["view", "-o", out / "view.html"],
    ):
        done = subprocess.run([kktrace, *map(str, args)], capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
    return {
        "report": next((out / "report").glob("*.html")),
        "status": next((out / "status").glob("*.html")),
        "view": out / "view.html",
    }


@pytest.mark.parametrize("name", ["report", "status", "view"])
def test_csp_meta_and_nothing_fetched(pages: dict[str, Path], name: str) -> None:
    html = pages[name].read_text(encoding="utf-8")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert meta is not None, name
    policy = html_module.unescape(meta.group(1))
    assert policy.startswith("default-src 'none'"), policy
    assert "unsafe-eval" not in policy and "http" not in policy, policy
    assert re.search(r'(?:src|href)="https?://', html) is None  # nothing from the network


@pytest.mark.browser
@pytest.mark.parametrize("name", ["report", "status", "view"])
def test_no_csp_violation_in_chromium(chromium, pages: dict[str, Path], name: str) -> None:
    chromium.get_log("browser")  # drop what earlier pages left
    chromium.get(pages[name].as_uri())
    time.sleep(1.0 if name == "view" else 0.3)
    logs = chromium.get_log("browser")
    violations = [e["message"] for e in logs if "Content Security Policy" in e["message"]]
    assert violations == [], violations
    errors = [e["message"] for e in logs if e["level"] == "SEVERE"]
    assert errors == [], errors
    if name == "view":
        drawn = chromium.execute_script(
            "const c = document.querySelector('canvas');"
            "return [network.body.data.nodes.length, c ? c.width * c.height : 0];"
        )
        assert drawn[0] > 50 and drawn[1] > 0, drawn
    else:
        assert chromium.execute_script("return document.body.innerText.length") > 500
