"""End-to-end: the web app in a real headless Chromium (Debian's chromium + chromium-driver).

The app runs with werkzeug's server on 127.0.0.1 and a free port in a thread; Selenium drives
/usr/bin/chromium through /usr/bin/chromedriver. Each test saves a screenshot of the page it
exercises; with DOCGEN_SCREENSHOTS=1 it is kept in docs/screenshots/ (used by the README).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium)")

from selenium import webdriver
from selenium.common.exceptions import ElementNotInteractableException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from docgen.batch import paragraph_texts
from docgen.kinds import BY_SLUG
from docgen.io.loaders import coerce_dates, load_data
from docgen.web import create_app, db
from docgen.web.forms import form_values
from docgen.web.review import apply_chosen, propose
from docgen.web.server import address, serve_in_thread

from conftest import FIXTURE, ROOT

SEED = ROOT.parent / "shared" / "seeds" / "khoi-thi-dua-2022-ocr.txt"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Chromium is not installed: apt-get install -y chromium chromium-driver")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("web") / "e2e.sqlite3"
    app = create_app({"DATABASE": str(database)})
    srv, thread = serve_in_thread(app, "127.0.0.1", 0)
    yield address(srv).rstrip("/"), database
    srv.shutdown()
    thread.join(10)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


def start_chromium(profile: Path, lang: str, accept: str, env_lang: str, env_language: str,
                   prefs: dict | None = None, extra: tuple[str, ...] = ()) -> webdriver.Chrome:
    """A headless Chromium of its own profile, browser language ``lang`` and system locale
    ``env_lang``; skips the test when Chromium cannot start."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look anything up
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000",
                *extra, f"--lang={lang}", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {**(prefs or {}), "intl.accept_languages": accept})
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER),
                                      env={**os.environ, "LANG": env_lang, "LANGUAGE": env_language})
    try:
        return webdriver.Chrome(service=service, options=options)
    except WebDriverException as exc:
        pytest.skip(f"Chromium could not start: {exc.msg}")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), "vi", "vi-VN,vi", "vi_VN.UTF-8", "vi",
                            prefs={"download.default_directory": str(downloads),
                                   "download.prompt_for_download": False},
                            extra=("--disable-quic",))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def screenshot(driver, name: str) -> None:
    """A full-page screenshot (height capped) into docs/screenshots/NAME.png, when
    DOCGEN_SCREENSHOTS=1 (so that an ordinary test run leaves the tree clean); otherwise a PNG
    is still taken and checked, but not kept."""
    png = driver.get_screenshot_as_png()
    assert png.startswith(b"\x89PNG")
    if os.environ.get("DOCGEN_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 700), 2400))
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    driver.set_window_size(1280, 1000)


def wait_download(folder: Path, suffix: str, before: set[Path], deadline: float = 60) -> Path:
    """The new file with ``suffix`` that appears in ``folder`` (Chromium writes .crdownload first)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        new = [p for p in folder.glob(f"*{suffix}") if p not in before and p.stat().st_size > 0]
        if new and not list(folder.glob("*.crdownload")):
            return new[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} file was downloaded into {folder}")


def fill(driver, name: str, value: str) -> None:
    """Type ``value`` into the (empty) input ``name``, opening its optional group if collapsed."""
    el = driver.find_element(By.NAME, name)
    kind = el.get_attribute("type")
    if kind == "select-one":
        Select(el).select_by_value(value)
    elif kind in ("date", "datetime-local") or len(value) > 25:
        # typed dates depend on the browser's locale; long texts are pasted (typing is ~4 ms a key)
        driver.execute_script("arguments[0].value = arguments[1]", el, value)
    else:
        try:
            el.send_keys(value)
        except ElementNotInteractableException:  # inside a collapsed optional group
            el.find_element(By.XPATH, "./ancestor::details[1]/summary").click()
            el.send_keys(value)


def add_rows_for(driver, values: dict[str, str]) -> None:
    """Click "+ Thêm dòng" until every row the values need exists."""
    for box in driver.find_elements(By.CSS_SELECTOR, "div.rows"):
        prefix = box.find_element(By.CSS_SELECTOR, "button.add-row").get_attribute("data-prefix")
        needed = {k.split("]")[0] for k in values if k.startswith(prefix + "[")}
        have = len(box.find_elements(By.CSS_SELECTOR, "tbody tr"))
        for _ in range(len(needed) - have):
            box.find_element(By.CSS_SELECTOR, "button.add-row").click()


def seed_meeting(database: Path) -> int:
    conn = db.connect(database)
    try:
        return db.save_meeting(conn, load_data(FIXTURE)[0], ["giay-moi", "bien-ban", "quyet-dinh", "giao-uoc-thi-dua"])
    finally:
        conn.close()


def test_fill_giay_moi_submit_and_download(server, browser, downloads):
    base, _ = server
    data, _ = coerce_dates(load_data(FIXTURE)[0])
    values = {k: v for k, v in form_values(data).items() if BY_SLUG["giay-moi"].prints(k)}  # what the form shows
    browser.get(base + "/")
    screenshot(browser, "trang-dau")
    browser.find_element(By.ID, "kind-giay-moi").click()
    add_rows_for(browser, values)
    for name, value in values.items():
        fill(browser, name, value)
    screenshot(browser, "soan-giay-moi")
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "a.download-docx")))
    preview = browser.find_element(By.CSS_SELECTOR, ".text-preview").text
    assert "Số: 03/GM-BQL" in preview and "Đại diện lãnh đạo Ban Quản lý Khu kinh tế tỉnh Bình Định." in preview
    screenshot(browser, "ket-qua-giay-moi")
    before = set(downloads.iterdir())
    browser.find_element(By.CSS_SELECTOR, "a.download-docx").click()
    doc = wait_download(downloads, ".docx", before)
    assert doc.name == "giay-moi-03-gm-bql.docx"
    paras = paragraph_texts(doc.read_bytes())
    assert paras[:2] == ["UBND THÀNH PHỐ ĐÀ NẴNG", "BAN QUẢN LÝ\nKHU CÔNG NGHỆ CAO\nVÀ CÁC KHU CÔNG NGHIỆP"]
    # lines, not paragraphs: the one-page Giấy mời lists its invitees in one paragraph
    text = [line for t in paras for line in t.split("\n")]
    assert "- Đồng chí Bùi Thị Thu Hằng, Phó Chánh Văn phòng Thi đua - Khen thưởng và Truyền thông " \
           "Bộ Kế hoạch và Đầu tư;" in text
    assert "Thời gian: 08 giờ 00, thứ Sáu, ngày 14 tháng 01 năm 2022." in text
    assert text[-1] == "Trần Văn Biên"


def test_missing_field_message_beside_the_field(server, browser):
    base, _ = server
    browser.get(base + "/produce/giay-moi")
    fill(browser, "agency.code", "BQL")
    fill(browser, "agency.place", "Đà Nẵng")
    fill(browser, "signer.title", "Phó Trưởng ban")
    fill(browser, "signer.name", "Trần Văn Biên")
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "problems")))
    field = browser.find_element(By.NAME, "agency.name").find_element(By.XPATH, "./..")
    message = field.find_element(By.CSS_SELECTOR, 'p.problem[data-for="agency.name"]')
    assert message.text == ("thiếu trường bắt buộc (Tên cơ quan ban hành, ví dụ: Ban Quản lý các khu công "
                            "nghiệp tỉnh Lâm Đồng).")
    assert "invalid" in browser.find_element(By.NAME, "agency.name").get_attribute("class")
    assert browser.find_element(By.NAME, "signer.name").get_attribute("value") == "Trần Văn Biên"
    screenshot(browser, "loi-bieu-mau")


def test_clean_seed_article_review_and_download(server, browser, downloads):
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    base, _ = server
    browser.get(base + "/clean")
    screenshot(browser, "lam-sach")
    browser.find_element(By.ID, "clean-file").send_keys(str(SEED))
    browser.find_element(By.ID, "clean-submit").click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "edits")))
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.edit")
    assert len(marks) >= 20
    assert any(m.find_element(By.TAG_NAME, "ins").text == "Khối" for m in marks)
    boxes = browser.find_elements(By.CSS_SELECTOR, "input.accept")
    low = [b for b in boxes if float(b.get_attribute("data-confidence")) < 0.8]
    assert low and not any(b.is_selected() for b in low)
    high = [b for b in boxes if b.is_selected()]
    assert high
    high[0].click()  # the clerk turns down one proposed edit and ticks one below the threshold by hand
    low[0].click()
    rest = sorted(float(b.get_attribute("data-confidence")) for b in low[1:])
    cut = rest[len(rest) // 2] if rest else 0.5
    limit = browser.find_element(By.ID, "accept-threshold")
    limit.clear()
    limit.send_keys(str(cut))
    browser.find_element(By.CSS_SELECTOR, "button[data-set-all]").click()  # only adds to the ticks
    expected = {b.get_attribute("value") for b in boxes
                if (float(b.get_attribute("data-confidence")) >= cut or b == low[0]) and b != high[0]}
    assert {b.get_attribute("value") for b in boxes if b.is_selected()} == expected
    assert not high[0].is_selected()  # not re-ticked by the threshold button
    assert 0 < len(expected) < len(boxes)
    assert browser.find_element(By.ID, "accepted-count").text == str(len(expected))
    screenshot(browser, "xem-lai-cho-sua")
    before = set(downloads.iterdir())
    browser.find_element(By.ID, "download-clean").click()
    out = wait_download(downloads, ".txt", before).read_text(encoding="utf-8")
    assert out.count("Khối thi đua") >= 10
    data = SEED.read_bytes()
    proposed = propose(data, "txt", 0.8)
    assert out == apply_chosen(data, "txt", proposed, {int(v) for v in expected}).result.output


def test_records_and_regenerate_pages(server, browser, downloads, tmp_path):
    base, database = server
    meeting_id = seed_meeting(database)
    browser.get(base + "/records")
    assert browser.find_element(By.ID, f"meeting-{meeting_id}").text.startswith("Hội nghị tổng kết")
    screenshot(browser, "ho-so-da-luu")
    browser.get(f"{base}/produce/giao-uoc-thi-dua")
    browser.find_element(By.CSS_SELECTOR, "a.from-last-year").click()
    assert browser.find_element(By.NAME, "pledge.year").get_attribute("value") == "2023"
    members = browser.find_elements(By.CSS_SELECTOR, "#t-pledge\\.members tbody tr")
    assert len(members) == 11
    shown = "#t-pledge\\.members tbody tr.row:not(.removed-row)"
    last_unit = members[-1].find_element(By.CSS_SELECTOR, "input").get_attribute("value")
    members[-1].find_element(By.CSS_SELECTOR, "button.remove-row").click()
    assert len(browser.find_elements(By.CSS_SELECTOR, shown)) == 10
    undo = browser.find_element(By.CSS_SELECTOR, "#t-pledge\\.members tr.undo-row")
    assert undo.text == f"Đã xóa dòng «{last_unit}». Hoàn tác"
    undo.find_element(By.CSS_SELECTOR, "button.undo-remove").click()  # «Hoàn tác» puts the row back
    assert len(browser.find_elements(By.CSS_SELECTOR, shown)) == 11
    assert not browser.find_elements(By.CSS_SELECTOR, "#t-pledge\\.members tr.undo-row")
    members[-1].find_element(By.CSS_SELECTOR, "button.remove-row").click()
    assert len(browser.find_elements(By.CSS_SELECTOR, shown)) == 10
    screenshot(browser, "giao-uoc-nam-sau")
    sheet = tmp_path / "khach-moi.csv"
    sheet.write_text("Họ và tên;Chức vụ;Đơn vị\nTrần Văn Bien;Giám đốc;Sở Nội vụ\n", encoding="utf-8")
    browser.get(base + "/regenerate")
    browser.find_element(By.ID, "source-sheet").click()
    field = browser.find_element(By.ID, "sheet").find_element(By.XPATH, "./..")
    assert "Chọn tệp…" in field.text and "Chưa chọn tệp nào" in field.text and "Choose" not in field.text
    browser.find_element(By.ID, "sheet").send_keys(str(sheet))
    assert browser.find_element(By.ID, "sheet-name").text == "Đã chọn: khach-moi.csv"
    Select(browser.find_element(By.ID, "base")).select_by_value(str(meeting_id))
    browser.find_element(By.ID, "find0").send_keys("Trần Văn Bien")
    browser.find_element(By.ID, "replace0").send_keys("Trần Văn Biên")
    screenshot(browser, "tao-lai")
    browser.find_element(By.ID, "regenerate-submit").click()
    summary = WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "summary"))).text
    assert "Sửa lỗi «Trần Văn Bien» → «Trần Văn Biên»: 1 chỗ." in summary
    screenshot(browser, "ket-qua-tao-lai")
    before = set(downloads.iterdir())
    browser.find_element(By.ID, "download-zip").click()
    assert wait_download(downloads, ".zip", before).name == "van-ban-tao-lai.zip"


@pytest.fixture
def browser_en_us(tmp_path):
    """A Chromium whose locale writes dates month-first (en-US): the form must not follow it."""
    driver = start_chromium(tmp_path / "profile-en", "en-US", "en-US,en", "en_US.UTF-8", "en_US")
    yield driver
    driver.quit()


def test_dates_read_and_show_day_first_whatever_the_browser_locale(server, browser_en_us):
    base, database = server
    meeting_id = seed_meeting(database)
    driver = browser_en_us
    driver.get(f"{base}/produce/giay-moi?meeting={meeting_id}")
    date = driver.find_element(By.NAME, "invitation.date")
    start = driver.find_element(By.NAME, "meeting.start")
    assert date.get_attribute("type") == start.get_attribute("type") == "text"
    assert date.get_attribute("value") == "05/01/2022" and start.get_attribute("value") == "14/01/2022 08:00"
    assert date.get_attribute("placeholder") == "dd/mm/yyyy"
    date.clear()
    date.send_keys("06/01/2022")  # typed day-first on an en-US browser
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "a.download-docx")))
    preview = driver.find_element(By.CSS_SELECTOR, ".text-preview").text
    assert "ngày 06 tháng 01 năm 2022" in preview
    driver.get(f"{base}/produce/giay-moi?meeting={meeting_id}")
    assert driver.find_element(By.NAME, "invitation.date").get_attribute("value") == "06/01/2022"
    bad = driver.find_element(By.NAME, "invitation.date")
    bad.clear()
    bad.send_keys("01/13/2022")  # month-first: refused beside the field, never swapped
    driver.find_element(By.ID, "submit").click()
    message = WebDriverWait(driver, 60).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, 'p.problem[data-for="invitation.date"]'))).text
    assert "hãy viết 13/01/2022" in message


def test_removed_row_is_not_sent_and_every_page_is_previewed(server, browser):
    base, database = server
    meeting_id = seed_meeting(database)
    browser.get(f"{base}/produce/giao-uoc-thi-dua?meeting={meeting_id}")
    rows = browser.find_elements(By.CSS_SELECTOR, "#t-pledge\\.members tbody tr.row")
    removed = rows[-1].find_element(By.CSS_SELECTOR, "input").get_attribute("value")
    rows[-1].find_element(By.CSS_SELECTOR, "button.remove-row").click()
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "a.download-docx")))
    assert removed and removed not in browser.find_element(By.CSS_SELECTOR, ".text-preview").text
    box = browser.find_element(By.CSS_SELECTOR, ".pages")
    WebDriverWait(browser, 120).until(lambda d: box.get_attribute("data-count"))
    count = int(box.get_attribute("data-count"))
    images = box.find_elements(By.CSS_SELECTOR, "img.page")
    assert count >= 2 and len(images) == count
    assert all(img.get_attribute("loading") == "lazy" for img in images)
    for img in images:  # scrolled to, each page loads, at 120 dpi
        browser.execute_script("arguments[0].scrollIntoView()", img)
        WebDriverWait(browser, 120).until(lambda d, el=img: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", el))
        assert abs(browser.execute_script("return arguments[0].naturalWidth", img) - 992) <= 1
    assert box.find_elements(By.TAG_NAME, "figcaption")[-1].text == f"Trang {count} / {count}"
    screenshot(browser, "xem-truoc-cac-trang")


def test_the_chosen_file_is_kept_after_an_error(server, browser, tmp_path):
    base, database = server
    meeting_id = seed_meeting(database)
    sheet = tmp_path / "khach-moi-so.csv"
    sheet.write_text("Họ và tên;Chức vụ;Đơn vị\nTrần Văn Bien;Giám đốc;Sở Nội vụ\n", encoding="utf-8")
    browser.get(base + "/regenerate")
    browser.find_element(By.ID, "source-sheet").click()
    browser.find_element(By.ID, "sheet").send_keys(str(sheet))
    browser.find_element(By.ID, "find0").send_keys("Trần Văn Bien")
    browser.find_element(By.ID, "replace0").send_keys("Trần Văn Biên")
    browser.find_element(By.ID, "regenerate-submit").click()  # no base record chosen: an error
    error = WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "regenerate-error"))).text
    assert "Chọn hồ sơ gốc" in error
    assert browser.find_element(By.ID, "sheet-name").text == \
        "Đã chọn: khach-moi-so.csv (giữ lại từ lần gửi trước, không cần chọn lại)"
    assert browser.find_element(By.ID, "find0").get_attribute("value") == "Trần Văn Bien"
    Select(browser.find_element(By.ID, "base")).select_by_value(str(meeting_id))
    browser.find_element(By.ID, "regenerate-submit").click()  # the file is not picked again
    summary = WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "summary"))).text
    assert "Sửa lỗi «Trần Văn Bien» → «Trần Văn Biên»: 1 chỗ." in summary
