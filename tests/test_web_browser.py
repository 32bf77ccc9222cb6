"""The web application in a real browser: Debian's chromium and chromedriver through Selenium, the server on
loopback in a thread. Fails (never skips) when chromium or its driver is missing: CI installs them (.ci/run).

Screenshots of every page go to a temporary folder (``FAIRWARNING_SCREENSHOTS`` names another, e.g.
``docs/screenshots`` to refresh the README's).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from web_support import XSS_SOURCE_ID, hostile_id, running_server, web_store

CHROMIUM = Path(os.environ.get("FAIRWARNING_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("FAIRWARNING_CHROMEDRIVER", "/usr/bin/chromedriver"))
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000")


@pytest.fixture(scope="module")
def db(corpus_db: Path) -> Path:
    return web_store(corpus_db)


@pytest.fixture(scope="module")
def base_url(db: Path) -> Iterator[str]:
    with running_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def shots() -> Path:
    target = os.environ.get("FAIRWARNING_SCREENSHOTS")
    path = Path(target) if target else Path(tempfile.mkdtemp(prefix="fairwarning-shots-"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:  # fail loudly: the browser tests are part of CI
        raise RuntimeError(f"browser tests need Debian's chromium and chromium-driver (missing: {', '.join(missing)}): "
                           "apt-get install -y chromium chromium-driver")
    profile = tempfile.mkdtemp(prefix="fairwarning-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    driver.implicitly_wait(30)  # a memo takes a moment on a loaded machine
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _no_alert(driver: Any) -> None:
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return
    text = alert.text
    alert.dismiss()
    raise AssertionError(f"a dialog opened: {text!r}")


def _console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def _shot(driver: Any, shots: Path, name: str) -> Path:
    path = shots / f"{name}.png"
    height = driver.execute_script("return Math.min(document.body.scrollHeight, 2400)")
    driver.set_window_size(1400, max(800, int(height)))
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    assert path.stat().st_size > 10_000, f"screenshot {path} looks empty"
    return path


def test_incident_form_writes_the_memo(browser: Any, base_url: str, shots: Path) -> None:
    browser.get(f"{base_url}/analyze")
    browser.find_element(By.NAME, "title").send_keys("Taser used on a handcuffed, compliant arrestee")
    browser.find_element(By.NAME, "conduct_date").send_keys("03022012")  # the date input's own format: mm dd yyyy
    browser.find_element(By.NAME, "place").send_keys("NH")
    browser.find_element(By.CSS_SELECTOR, "input[name=officials][value='police']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=claims][value='4A_excessive_force']").click()
    browser.find_element(By.NAME, "facts").send_keys(
        "After a traffic stop the driver was handcuffed behind his back and placed in the cruiser. An officer "
        "used a taser on him in drive-stun mode three times while he sat handcuffed and was not resisting.")
    browser.find_element(By.NAME, "defendants").send_keys("Officer C\nTown of Example")
    _shot(browser, shots, "analyze-form")
    browser.find_element(By.CSS_SELECTOR, "form.incident button[type=submit]").click()
    memo = browser.find_element(By.CSS_SELECTOR, "article.memo")
    text = memo.text
    assert "4A_excessive_force" in text or "excessive force" in text.lower()
    assert "2012" in text and "clearly established" in text.lower()
    links = browser.find_elements(By.CSS_SELECTOR, "section.precedents a[href^='/opinions/']")
    assert links, "the memo page links its precedents to the stored opinions"
    downloads = [b.text for b in browser.find_elements(By.CSS_SELECTOR, ".downloads button")]
    assert downloads == ["Markdown", "Word", "JSON"]
    kept = browser.find_element(By.CSS_SELECTOR, ".downloads textarea[name=defendants]").get_attribute("value")
    assert kept.replace("\r", "") == "Officer C\nTown of Example"  # the downloads post the same incident
    _shot(browser, shots, "memo")
    assert not _console_errors(browser)


def test_search_then_open_an_opinion(browser: Any, base_url: str, shots: Path) -> None:
    browser.get(f"{base_url}/search")
    box = browser.find_element(By.NAME, "q")
    box.send_keys('"qualified immunity" Rodriguez-Garcia')
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    assert rows, "a hyphenated name must search (it used to fail with 'no such column')"
    _shot(browser, shots, "search")
    first = rows[0].find_element(By.CSS_SELECTOR, "a.case")
    name = first.text
    first.click()
    assert browser.find_element(By.CSS_SELECTOR, "h1.case-title").text == name
    assert browser.find_element(By.CSS_SELECTOR, "pre.text").text.strip()
    assert not _console_errors(browser)


def test_opinion_page_highlights_evidence_and_links_citations(browser: Any, base_url: str, shots: Path) -> None:
    browser.get(f"{base_url}/opinions/543-U.S.-194")  # Brosseau v. Haugen, by citation
    assert "Brosseau" in browser.find_element(By.CSS_SELECTOR, "h1.case-title").text
    marks = browser.find_elements(By.CSS_SELECTOR, "pre.text mark.ev")
    assert marks, "the label's evidence sentences are highlighted"
    evidence = browser.find_elements(By.CSS_SELECTOR, "ol.evidence li a")
    assert evidence and evidence[0].get_attribute("href").endswith("#ev-1")
    assert browser.find_elements(By.CSS_SELECTOR, "pre.text a.cite[href^='/opinions/']")
    assert browser.find_elements(By.CSS_SELECTOR, "section a[href^='/opinions/']")  # cited by
    _shot(browser, shots, "opinion")


def test_authority_checker(browser: Any, base_url: str, shots: Path) -> None:
    browser.get(f"{base_url}/authority?forum=NH&conduct_date=2012-03-02&precedent=543+U.S.+194")
    ruling = browser.find_element(By.CSS_SELECTOR, "section.ruling")
    assert ruling.find_element(By.TAG_NAME, "h2").text.lower() == "controlling"
    assert "source" in ruling.text
    _shot(browser, shots, "authority")


def test_system_view_and_home_pages(browser: Any, base_url: str, shots: Path) -> None:
    browser.get(f"{base_url}/system")
    assert browser.find_element(By.TAG_NAME, "h1").text == "System view"
    _shot(browser, shots, "system")
    browser.get(f"{base_url}/")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".cards a.card")) == 4
    _shot(browser, shots, "home")
    browser.get(f"{base_url}/api")
    assert browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    browser.get(f"{base_url}/opinions/99999999")
    assert "Not found" in browser.find_element(By.TAG_NAME, "h1").text
    _shot(browser, shots, "not-found")


def test_hostile_opinion_runs_nothing(browser: Any, base_url: str, db: Path, shots: Path) -> None:
    """An opinion whose case name, text, docket and URL carry <script>, onerror= and javascript: payloads is shown
    as text: no dialog opens, no script error is logged, no element from the payload exists."""
    oid = hostile_id(db)
    browser.get_log("browser")  # drop earlier entries
    pages = [f"/opinions/{oid}", f"/opinions/courtlistener:{XSS_SOURCE_ID}", "/search?q=Evil+Doe+immunity",
             f"/authority?forum=NH&conduct_date=2012-03-02&precedent={oid}", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
             "/analyze?x=<script>alert(1)</script>", "/opinions/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]
    for path in pages:
        browser.get(base_url + path)
        _no_alert(browser)
        assert browser.execute_script("return document.querySelectorAll('main script, main img, main svg, main iframe').length") == 0, path
        hrefs = [a.get_attribute("href") or "" for a in browser.find_elements(By.TAG_NAME, "a")]
        assert not [h for h in hrefs if h.lower().startswith("javascript:")], path
        assert browser.execute_script("return document.querySelectorAll('[onerror], [onload]').length") == 0, path
    browser.get(f"{base_url}/opinions/{oid}")
    title = browser.find_element(By.CSS_SELECTOR, "h1.case-title").text
    assert "<script>alert('case')</script>" in title  # shown, as text
    assert "onerror=\"alert('onerror')\"" in browser.find_element(By.CSS_SELECTOR, "pre.text").text
    _shot(browser, shots, "hostile-opinion")
    _no_alert(browser)
    errors = [e for e in _console_errors(browser) if "the server responded with a status of 404" not in e]
    assert not errors, errors
