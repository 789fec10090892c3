"""Shared fixtures: the bundled model, the real CLI entry point, headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "_artifacts"
#: In CI (CI=true) a missing browser or server is a failure, not a skip.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


def _kktrace_command() -> list[str]:
    exe = Path(sys.executable).with_name("kktrace")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kktrace"]


@pytest.fixture(scope="session")
def kktrace_cmd() -> list[str]:
    """The installed ``kktrace`` console script (the real entry point)."""
    return _kktrace_command()


def run_kktrace(*args: str | Path, cwd: Path | None = None, timeout: float = 300) -> CliResult:
    """Run the real ``kktrace`` entry point in a subprocess."""
    proc = subprocess.run(
        [*_kktrace_command(), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture()
def cli():
    """``cli("check", "--format", "json")`` → CliResult(code, stdout, stderr)."""
    return run_kktrace


@pytest.fixture(scope="session")
def bundled_model():
    """The bundled Copenhagen model, loaded once per test session (do not mutate it)."""
    from kktrace import load

    return load()


def _need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        message = f"{program} not installed: run `make system` (Debian packages chromium, chromium-driver)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave screenshots and other things worth looking at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """A headless Chromium (selenium WebDriver) started with the offline flags.

    Browser console logs are available through ``driver.get_log("browser")``.
    """
    binary = _need("chromium")
    driver_path = _need("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kktrace-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


# -- the fast tier (make test-fast: -m "not browser and not virtuoso and not slow") ---------

#: Test modules that are slow as a whole: whole-suite conformance runs, live servers and
#: endpoints, pySHACL, property-based (hypothesis) runs, LibreOffice, the benchmark tools.
SLOW_MODULES = frozenset(
    {
        "test_w3c_protocol",
        "test_serve",
        "test_remote",
        "test_on_server",
        "test_endpoint_attacks",
        "test_input_endpoint_fetch",
        "test_shacl_engines",
        "test_robustness",
        "test_spreadsheet_roundtrip",
        "test_spreadsheet_libreoffice",
        "test_benchmark_generator",
        "test_benchmark_progress",
        "test_check_cases",
        "test_consistency",
        "test_progress_cli",
        "test_output_writer",
    }
)
#: Test names that say they are slow: fuzzing, or a real process per case.
SLOW_WORDS = ("fuzz", "entry_point", "_cli_", "every_spelling")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark as ``slow`` what the fast tier leaves out: the modules and names above and every
    test that runs the real entry point in a subprocess (the ``cli`` fixture)."""
    for item in items:
        module = getattr(item, "module", None)
        name = module.__name__.rsplit(".", 1)[-1] if module is not None else ""
        slow_name = any(w in item.name for w in SLOW_WORDS)
        if name in SLOW_MODULES or slow_name or "cli" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
