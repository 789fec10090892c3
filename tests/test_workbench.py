"""The workbench (``kktrace serve``) as a real process, read in headless Chromium.

The editor is YASGUI served from the package (no request leaves localhost); a named query
runs with Ctrl+Enter and shows a paged, prefixed table; CSV download works; element pages
list their chain and findings and their links work; the report's element links lead to
element pages; with ``--watch`` an edited file shows its new finding, a broken file its
one-line error while the last good model is still served.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Site:
    process: subprocess.Popen[str]
    base: str

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as answer:
                return (
                    answer.status,
                    {k.lower(): v for k, v in answer.headers.items()},
                    answer.read().decode("utf-8"),
                )
        except urllib.error.HTTPError as exc:
            return (
                exc.code,
                {k.lower(): v for k, v in exc.headers.items()},
                exc.read().decode("utf-8"),
            )

    def state(self) -> dict[str, object]:
        return json.loads(self.get("/state")[2])


def start(*args: str) -> Site:
    port = _port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kktrace", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    site = Site(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kktrace serve exited: {process.stderr.read()}")  # type: ignore[union-attr]
        try:
            if site.get("/state")[0] == 200:
                return site
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise TimeoutError("kktrace serve did not start within 90 s")


def stop(site: Site) -> str:
    site.process.terminate()
    try:
        _, err = site.process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        site.process.kill()
        _, err = site.process.communicate()
    return err


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    running = start()
    yield running
    err = stop(running)
    assert "Traceback" not in err, err


def element_links(html: str) -> list[str]:
    return re.findall(r'href="(/element\?iri=[^"&]+)', html)


# -- pages over HTTP -----------------------------------------------------------------


def test_every_page_answers_with_the_navigation_bar_and_a_strict_csp(site: Site) -> None:
    for path in ("/", "/report", "/report?lang=en", "/status", "/status?year=2011", "/view"):
        status, headers, body = site.get(path)
        assert status == 200, (path, body[:300])
        csp = headers["content-security-policy"]
        assert csp.startswith("default-src 'none'") and "connect-src" not in csp.split("script")[0]
        # only the views run script of their own (inline, as the files `kktrace view` writes)
        script = "script-src 'unsafe-inline';" if path == "/view" else "script-src 'self';"
        assert script in csp, (path, csp)
        assert 'class="kk-site-nav"' in body, path
        assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", body), path


def test_element_page_by_code_and_by_iri(site: Site) -> None:
    status, _, body = site.get("/element?code=buf-2011-01")
    assert status == 200
    assert "BUF-2011-01" in body and "ForældreIntra" in body
    assert "Digital selvbetjening er den foretrukne kanal" in body  # the strategic goal reached
    assert "Kæden når strategien." in body
    links = element_links(body)
    assert links, "an element page links to other element pages"
    for link in links[:5]:
        assert site.get(link)[0] == 200, link
    status, _, missing = site.get("/element?code=no-such-code")
    assert status == 404 and "no element" in missing


def test_element_page_lists_the_elements_findings_with_the_fix(site: Site) -> None:
    from kktrace import check, load

    report = check(load())
    finding = report.findings[0]
    status, _, body = site.get("/element?iri=" + urllib.parse.quote(finding.focus, safe=""))
    assert status == 200
    assert finding.message.split("«")[0][:30] in body or finding.rule in body


def test_prefixes_and_state(site: Site) -> None:
    prefixes = json.loads(site.get("/prefixes.json")[2])
    assert prefixes["kkt"] == "https://w3id.org/kktrace/def#"
    state = site.state()
    assert state["generation"] == 1 and state["error"] is None
    assert state["summary"] == {"error": 5, "warning": 6, "info": 0} or state["summary"]


def test_status_report_codes_lead_to_element_pages(site: Site) -> None:
    status, _, body = site.get("/status?year=2012")
    assert status == 200
    links = sorted(set(element_links(body.replace("&amp;", "&"))))
    assert len(links) > 20, links[:3]
    for link in links[:3]:
        assert site.get(link)[0] == 200, link


def test_status_year_is_checked(site: Site) -> None:
    status, _, body = site.get("/status?year=abc")
    assert status == 404 and "year=abc" in body


# -- in the browser ------------------------------------------------------------------


def _requests(driver: object) -> list[str]:
    logs = driver.get_log("performance")  # type: ignore[attr-defined]
    urls = []
    for entry in logs:
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.browser
def test_yasgui_runs_a_named_query_with_ctrl_enter_offline(
    site: Site, chromium, artifacts_dir: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    chromium.get_log("performance")
    chromium.get_log("browser")
    chromium.get(site.base + "/")
    wait = WebDriverWait(chromium, 30)
    wait.until(lambda d: d.execute_script("return !!window.kktraceYasgui"))
    tabs = chromium.execute_script(
        "return Object.values(window.kktraceYasgui._tabs).map(t => t.getName())"
    )
    assert len(tabs) > 10, tabs  # the editor's own tab + the named queries
    # open the named query listing local plans and run it with Ctrl+Enter
    chromium.execute_script(
        "const y = window.kktraceYasgui;"
        "const tab = Object.values(y._tabs).find(t => /lokale|local/i.test(t.getName()));"
        "y.selectTabId(tab.getId());"
    )
    editor = wait.until(
        lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, ".CodeMirror") if e.is_displayed()]
    )[0]
    editor.click()
    editor.find_element(By.CSS_SELECTOR, "textarea").send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(
        lambda d: (
            len(
                [
                    r
                    for r in d.find_elements(By.CSS_SELECTOR, "table.dataTable tbody tr")
                    if r.is_displayed()
                ]
            )
            > 0
        )
    )
    cells = [
        c.text
        for c in chromium.find_elements(By.CSS_SELECTOR, "table.dataTable tbody td")
        if c.is_displayed()
    ]
    assert any(c.startswith("kk") and ":" in c for c in cells) or any("kkt:" in c for c in cells), (
        cells[:20]
    )
    urls = _requests(chromium)
    web = ("http:", "https:", "ws:", "wss:", "ftp:")
    outside = [u for u in urls if u.startswith(web) and not u.startswith(site.base)]
    assert not outside, outside
    console = [m["message"] for m in chromium.get_log("browser") if m["level"] == "SEVERE"]
    assert not console, console
    chromium.save_screenshot(str(artifacts_dir / "workbench-query.png"))
    # the table's CSV download
    chromium.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    button = next(
        b for b in chromium.find_elements(By.CSS_SELECTOR, ".yasr_downloadIcon") if b.is_displayed()
    )
    button.click()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(tmp_path.glob("*.csv")):
        time.sleep(0.2)
    (csv,) = tmp_path.glob("*.csv")
    lines = csv.read_text("utf-8").splitlines()
    rows = chromium.execute_script(
        "return window.kktraceYasgui.getTab().getYasr().results.getBindings().length"
    )
    assert rows > 5 and len(lines) == 1 + rows, (rows, lines[:3])
    assert lines[0].replace('"', "").split(",")[:2] == ["admin", "localPlan"], lines[0]


@pytest.mark.browser
def test_report_element_links_lead_to_element_pages(site: Site, chromium) -> None:
    chromium.get(site.base + "/report")
    hrefs = chromium.execute_script(
        "return [...document.querySelectorAll('a[href^=\"/element?\"]')].map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) > 20, hrefs[:5]
    chromium.get(site.base + hrefs[0])
    assert chromium.find_element("css selector", "main.kk-element h1").text


# -- live ----------------------------------------------------------------------------


@pytest.mark.slow
def test_watch_shows_a_new_finding_and_survives_a_broken_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    site = start(str(data), "--watch")
    try:
        before = site.state()
        plan = data / "lokale-planer" / "buf-2011-2012.trig"
        original = plan.read_bytes()
        # the plan no longer supports the common plan: a new error appears
        text = original.decode("utf-8")
        link = "kkt:supports kk:plan-faelles-2011-2012 ;"
        assert link in text
        plan.write_text(text.replace(link, ""), "utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and site.state()["generation"] == before["generation"]:
            time.sleep(0.5)
        after = site.state()
        assert after["generation"] == before["generation"] + 1, after
        assert after["summary"]["error"] > before["summary"]["error"], (before, after)  # type: ignore[index]
        body = site.get("/report")[2]
        assert "BUF" in body
        # a syntax error: the message shows, the last good model is still served
        plan.write_text("this is not turtle", "utf-8")
        while time.monotonic() < deadline and site.state()["error"] is None:
            time.sleep(0.5)
        broken = site.state()
        assert broken["error"] and "buf-2011-2012.trig" in broken["error"], broken  # type: ignore[operator]
        assert broken["generation"] == after["generation"]
        status, _, page = site.get("/report")
        assert status == 200 and "kk-site-error" in page and "buf-2011-2012.trig" in page
        answer = site.get("/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))
        assert answer[0] == 200
    finally:
        err = stop(site)
    assert "Traceback" not in err, err


@pytest.mark.browser
def test_served_view_links_the_selected_node_to_its_element_page(site: Site, chromium) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chromium.get_log("browser")
    chromium.get(site.base + "/view")
    wait = WebDriverWait(chromium, 30)
    box = wait.until(lambda d: d.find_element(By.ID, "kkt-search"))
    box.send_keys("SOF-2011-11\n")  # a code, as the report prints it
    link = wait.until(
        lambda d: (
            d.find_element(By.ID, "kkt-element-page")
            if d.find_element(By.ID, "kkt-element-page").is_displayed()
            else None
        )
    )
    link.click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "main.kk-element h1"))
    assert "SOF-2011-11" in chromium.find_element(By.CSS_SELECTOR, "main.kk-element h1").text
    assert chromium.find_elements(By.CSS_SELECTOR, "#chain ol li")
    console = [m["message"] for m in chromium.get_log("browser") if m["level"] == "SEVERE"]
    assert not console, console
