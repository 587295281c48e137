"""End-to-end for an office, in real headless Chromium, on SQLite and on PostgreSQL: two clerks
(two browser profiles, two sessions) edit one record; the server restarts while a form is open;
twenty numbers are taken from the register at once over HTTP and listed on the register page.

The app runs under waitress on 127.0.0.1 and a free port, as `docgen serve` runs it."""
from __future__ import annotations

import json
import os
import threading
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from docgen.io.loaders import load_data
from docgen.web import create_app, db
from docgen.web.server import address, serve_in_thread

from conftest import FIXTURE
from pgserver import fresh_database

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Chromium is not installed: apt-get install -y chromium chromium-driver")


class Served:
    """The app on a port that stays the same across a restart."""

    def __init__(self, database: str):
        self.database = database
        self.port = 0
        self.start()

    def start(self) -> None:
        self.app = create_app({"DATABASE": self.database})
        self.server, self.thread = serve_in_thread(self.app, "127.0.0.1", self.port)
        self.port = self.server.server_port
        self.base = address(self.server).rstrip("/")

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(10)
        self.app.extensions["docgen_db"].close()

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    url, drop = fresh_database(tmp_path_factory.mktemp("office-e2e"), request.param)
    s = Served(url)
    yield s
    s.stop()
    drop()


def _browser(profile: Path):
    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=vi", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER)),
                                  options=options)
    except WebDriverException as exc:
        pytest.fail(f"Chromium could not start: {exc.msg}")
    driver.set_page_load_timeout(120)
    return driver


@pytest.fixture(scope="module")
def clerks(tmp_path_factory):
    a = _browser(tmp_path_factory.mktemp("profile-a"))
    b = _browser(tmp_path_factory.mktemp("profile-b"))
    yield a, b
    a.quit()
    b.quit()


def seed(served: Served) -> int:
    with served.app.extensions["docgen_db"].connection() as conn:
        return db.save_meeting(conn, load_data(FIXTURE)[0], ["giay-moi", "bien-ban", "quyet-dinh"])


def submit_and_wait(driver, found: str) -> None:
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 90).until(EC.presence_of_element_located((By.CSS_SELECTOR, found)))


def set_value(driver, name: str, value: str) -> None:
    el = driver.find_element(By.NAME, name)
    el.clear()
    el.send_keys(value)


def test_two_clerks_edit_one_record(served, clerks):
    a, b = clerks
    meeting_id = seed(served)
    url = f"{served.base}/produce/giay-moi?meeting={meeting_id}"
    a.get(url)
    b.get(url)
    set_value(a, "meeting.place", "Hội trường tầng 5")
    submit_and_wait(a, "a.download-docx")
    box = b.find_element(By.CSS_SELECTOR, "div.rows button.add-row[data-prefix='invitation.invitees']")
    box.click()
    last = b.find_elements(By.CSS_SELECTOR, "#t-invitation\\.invitees tbody tr")[-1]
    last.find_element(By.CSS_SELECTOR, "input[name$='.name']").send_keys("Nguyễn Văn Mới")
    submit_and_wait(b, "#conflict")
    conflict = b.find_element(By.ID, "conflict").text
    assert "Hồ sơ đã được người khác sửa lúc" in conflict
    assert "Hội trường tầng 5" in b.find_element(By.ID, "theirs").text
    assert "Nguyễn Văn Mới" in b.find_element(By.ID, "mine").text
    names = [el.get_attribute("value") for el in b.find_elements(By.CSS_SELECTOR, "input[name$='.name']")]
    assert "Nguyễn Văn Mới" in names  # what B typed is still in the form
    set_value(b, "meeting.place", "Hội trường tầng 5")  # B takes A's change, then saves
    submit_and_wait(b, "a.download-docx")
    with served.app.extensions["docgen_db"].connection() as conn:
        saved = db.get_meeting(conn, meeting_id)
    assert saved["version"] == 3 and saved["data"]["meeting"]["place"] == "Hội trường tầng 5"
    assert "Nguyễn Văn Mới" in [p.get("name") for p in saved["data"]["invitation"]["invitees"]]


def test_a_restart_in_the_middle_of_a_form(served, clerks):
    a, _ = clerks
    meeting_id = seed(served)
    a.get(f"{served.base}/produce/giay-moi?meeting={meeting_id}")
    set_value(a, "meeting.place", "Phòng họp số 2")
    served.restart()  # a new process would read the same session key from the database
    submit_and_wait(a, "a.download-docx")
    assert "Phiên làm việc đã hết hạn" not in a.page_source
    assert "Số: 03/GM-BQL" in a.find_element(By.CSS_SELECTOR, ".text-preview").text
    result = a.current_url
    served.restart()
    a.get(result)  # the result survives too
    assert a.find_elements(By.CSS_SELECTOR, "a.download-docx")


def _post_json(url: str, body: dict) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=json.dumps(body, default=str).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.status, json.loads(resp.read())


def test_twenty_numbers_issued_at_once(served, clerks):
    a, _ = clerks
    with served.app.extensions["docgen_db"].connection() as conn:
        before = conn.execute("SELECT COUNT(*) FROM register").fetchone()[0]
    record = load_data(FIXTURE)[0]
    ids = [_post_json(served.base + "/api/records", record)[1]["id"] for _ in range(20)]
    got: list[dict] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def take(record_id: int) -> None:
        try:
            barrier.wait(30)
            status, body = _post_json(served.base + "/api/documents", {"record": record_id, "kind": "giay-moi"})
            assert status == 201
            got.append(body)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=take, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert errors == []
    numbers = sorted(e["number"] for e in got)
    assert numbers == list(range(before + 1, before + 21))
    a.get(served.base + "/register")
    rows = a.find_elements(By.CSS_SELECTOR, "#register tbody tr")
    shown = [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows]
    assert shown[-20:] == [f"{n:02d}/GM-BQL" for n in numbers]
