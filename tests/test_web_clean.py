"""The web app's Clean and Regenerate areas through Flask's test client, and review.apply_chosen."""
from __future__ import annotations

import html
import io
import re
import zipfile

import pytest

import docx

from docgen.batch import paragraph_texts
from docgen.clean import CleanOptions, clean_docx, clean_text
from docgen.io.loaders import load_data
from docgen.web import create_app, db
from docgen.web.review import apply_chosen, propose, sniff_kind

from conftest import FIXTURE, ROOT

TEXT = ("Hội nghị do ông chí Trần Văn Biên chủ trì.\n"
        "Tham dự có đại diện B K học và u t  và các Khi thi đua .\n"
        "Hội nghị do ông chí Trần Văn Biên chủ trì.\n")


def report_docx(lines: list[str]) -> bytes:
    d = docx.Document()
    for line in lines:
        run = d.add_paragraph().add_run(line)
        run.bold = True
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture
def client(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "web.sqlite3"), "TESTING": True})
    return app.test_client()


def csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True))[1]


def upload(client, data: bytes, name: str = "bao-cao.txt", **form):
    token = csrf(client, "/clean")
    resp = client.post("/clean", data={"csrf_token": token, "file": (io.BytesIO(data), name), **form})
    return resp, token


# ---------------------------------------------------------------- review.apply_chosen

def test_accepting_the_proposed_set_gives_the_cleaner_output():
    data = TEXT.encode()
    proposed = propose(data, "txt", 0.8)
    assert proposed.output == clean_text(TEXT).output
    applied = {i for i, c in enumerate(proposed.changes) if c.applied}
    assert apply_chosen(data, "txt", proposed, applied).result.output == proposed.output


def test_rejecting_one_change_in_one_of_two_identical_paragraphs():
    data = TEXT.encode()
    proposed = propose(data, "txt", 0.8)
    first = next(i for i, c in enumerate(proposed.changes) if c.paragraph == 1 and c.before == "ông")
    accepted = {i for i, c in enumerate(proposed.changes) if c.applied} - {first}
    lines = apply_chosen(data, "txt", proposed, accepted).result.output.split("\n")
    assert lines[0].startswith("Hội nghị do ông chí Trần Văn Biên")
    assert lines[2].startswith("Hội nghị do đồng chí Trần Văn Biên")
    assert apply_chosen(data, "txt", proposed, set()).result.output == TEXT


def test_docx_choices_in_place_and_as_tracked_changes():
    data = report_docx(TEXT.strip().split("\n"))
    assert sniff_kind(data) == "docx" and sniff_kind(b"abc") == "txt"
    proposed = propose(data, "docx", 0.8)
    applied = {i for i, c in enumerate(proposed.changes) if c.applied}
    assert apply_chosen(data, "docx", proposed, applied).result.output == \
        clean_docx(data, CleanOptions()).output
    one = {min(applied)}
    tracked = apply_chosen(data, "docx", proposed, one, track_changes=True)
    assert tracked.accepted == 1 and tracked.not_applied == 0
    xml = zipfile.ZipFile(io.BytesIO(tracked.result.output)).read("word/document.xml").decode()
    assert xml.count("<w:ins ") == 1 and xml.count("<w:del ") == 1


# ---------------------------------------------------------------- Clean pages

def test_clean_upload_review_and_download(client):
    resp, token = upload(client, TEXT.encode(), "../../etc/passwd")
    assert resp.status_code == 303
    review_url = resp.headers["Location"]
    page = client.get(review_url).get_data(as_text=True)
    assert "<del>ông</del><ins>đồng</ins><sup>1.00</sup>" in page
    assert "…Hội nghị do <mark" in page or "…Hội nghị do " in page
    ids = re.findall(r'name="accept" value="(\d+)" data-confidence="([\d.]+)"[^>]*?( checked)?>', page)
    assert ids and all(bool(c) == (float(conf) >= 0.8) for _, conf, c in ids)
    accepted = [i for i, _, c in ids if c]
    got = client.post(review_url, data={"csrf_token": token, "accept": accepted, "action": "download"})
    assert got.headers["Content-Disposition"] == "attachment; filename=passwd-da-sua.txt"
    assert got.get_data(as_text=True) == clean_text(TEXT).output
    report = client.post(review_url, data={"csrf_token": token, "accept": accepted, "action": "report"})
    assert "bao-cao-thay-doi.html" in report.headers["Content-Disposition"]
    assert "ông" in report.get_data(as_text=True) and "đồng" in report.get_data(as_text=True)
    none = client.post(review_url, data={"csrf_token": token, "action": "download"})
    assert none.get_data(as_text=True) == TEXT


def test_accept_all_above_a_confidence_without_javascript(client):
    resp, token = upload(client, "B K học và u t đã họp với Khi thi đua .\n".encode())
    url = resp.headers["Location"]
    page = client.post(url, data={"csrf_token": token, "action": "threshold", "limit": "0"}).get_data(as_text=True)
    boxes = re.findall(r'name="accept" value="\d+"[^>]*>', page)
    assert boxes and all("checked" in b for b in boxes)
    limit = max(float(c) for c in re.findall(r'data-confidence="([\d.]+)"', page))
    page = client.post(url, data={"csrf_token": token, "action": "threshold",
                                  "limit": str(limit).replace(".", ",")}).get_data(as_text=True)
    boxes = re.findall(r'name="accept" value="\d+" data-confidence="([\d.]+)"[^>]*?( checked)?>', page)
    assert any(float(c) < limit for c, _ in boxes) and all(bool(on) == (float(c) >= limit) for c, on in boxes)


def test_clean_docx_upload_tracked_download(client):
    data = report_docx(["Hội nghị do ông chí Trần Văn Biên chủ trì."])
    resp, token = upload(client, data, "bao cáo.docx")
    url = resp.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert 'id="mode-tracked"' in page
    ids = re.findall(r'name="accept" value="(\d+)"', page)
    got = client.post(url, data={"csrf_token": token, "accept": ids, "mode": "tracked"})
    assert got.headers["Content-Disposition"] == "attachment; filename=bao-cao-theo-doi-thay-doi.docx"
    xml = zipfile.ZipFile(io.BytesIO(got.data)).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:delText" in xml
    plain = client.post(url, data={"csrf_token": token, "accept": ids, "mode": "applied"})
    assert paragraph_texts(plain.data) == ["Hội nghị do đồng chí Trần Văn Biên chủ trì."]
    assert docx.Document(io.BytesIO(plain.data)).paragraphs[0].runs[0].bold


def test_clean_bad_uploads(client):
    token = csrf(client, "/clean")
    missing = client.post("/clean", data={"csrf_token": token})
    assert missing.status_code == 400 and "Chưa chọn tệp" in missing.get_data(as_text=True)
    empty, _ = upload(client, b"", "a.txt")
    assert empty.status_code == 400 and "Tệp tải lên rỗng" in empty.get_data(as_text=True)
    broken, _ = upload(client, b"PK\x03\x04 not really a zip", "a.docx")
    assert broken.status_code == 400
    text = broken.get_data(as_text=True)
    assert "Traceback" not in text and 'id="upload-error"' in text  # the upload page again, with the message
    assert "Đã chọn: <strong>a.docx</strong>" in text  # and the file kept: the clerk does not pick it again
    assert client.get("/clean/khong-co-ma-nay-dau-nhe").status_code == 404
    assert client.post("/clean/khong-co-ma-nay-dau-nhe", data={"csrf_token": token}).status_code == 404


def test_clean_the_seed_article(client):
    seed = ROOT.parent / "shared" / "seeds" / "khoi-thi-dua-2022-ocr.txt"
    if not seed.is_file():
        pytest.skip(f"seed article not found at {seed}")
    resp, token = upload(client, seed.read_bytes(), seed.name)
    page = html.unescape(client.get(resp.headers["Location"]).get_data(as_text=True))
    assert "<del>Khi</del><ins>Khối</ins>" in page
    accepted = re.findall(r'name="accept" value="(\d+)"[^>]*checked', page)
    out = client.post(resp.headers["Location"], data={"csrf_token": token, "accept": accepted}).get_data(as_text=True)
    assert "Khối thi đua" in out and "Bộ Kế hoạch và Đầu tư" in out


# ---------------------------------------------------------------- Regenerate

@pytest.fixture
def saved(client):
    conn = db.connect(client.application.config["DATABASE"])
    meeting_id = db.save_meeting(conn, load_data(FIXTURE)[0], ["giay-moi", "bien-ban"])
    conn.close()
    return meeting_id


def test_regenerate_a_spreadsheet_of_invitees(client, saved):
    token = csrf(client, "/regenerate")
    sheet = "Họ và tên;Chức vụ;Đơn vị\nTrần Văn Bien;Giám đốc;Sở Nội vụ\nLê Thị Hoa;Phó Giám đốc;Sở Tài chính\n"
    resp = client.post("/regenerate", data={
        "csrf_token": token, "source": "sheet", "base": str(saved), "per_invitee": "1",
        "sheet": (io.BytesIO(sheet.encode()), "../khach.csv"), "find0": "Trần Văn Bien", "replace0": "Trần Văn Biên"})
    assert resp.status_code == 303
    page = html.unescape(client.get(resp.headers["Location"]).get_data(as_text=True))
    assert "Đã tạo lại 2 văn bản" in page and "1 văn bản thay đổi do sửa lỗi" in page
    assert "Sửa lỗi «Trần Văn Bien» → «Trần Văn Biên»: 1 chỗ." in page
    assert "+ Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng trân trọng kính mời: " \
           "Đồng chí Trần Văn Biên, Giám đốc Sở Nội vụ." in page
    assert "/tmp" not in page
    link = re.search(r'id="download-zip" href="([^"]+)"', page)[1]
    z = zipfile.ZipFile(io.BytesIO(client.get(link).data))
    assert sorted(z.namelist()) == ["giay-moi-03-gm-bql-001-tran-van-bien.docx",
                                    "giay-moi-03-gm-bql-002-le-thi-hoa.docx", "tom-tat-thay-doi.txt"]
    assert "Trần Văn Biên" in " ".join(paragraph_texts(z.read("giay-moi-03-gm-bql-001-tran-van-bien.docx")))
    assert z.read("tom-tat-thay-doi.txt").decode().startswith("Đã soạn 1 văn bản, 1 văn bản không đổi")


def test_regenerate_saved_meetings_with_a_corrections_file(client, saved):
    token = csrf(client, "/regenerate")
    fixes = '- find: "Võ Văn Phụng"\n  replace: "Võ Văn Phụng (Lâm Đồng)"\n  field: invitation\n'
    resp = client.post("/regenerate", data={
        "csrf_token": token, "source": "saved", "meeting": str(saved), "kind": ["giay-moi", "bien-ban"],
        "corrections": (io.BytesIO(fixes.encode()), "fix.yaml")})
    page = html.unescape(client.get(resp.headers["Location"]).get_data(as_text=True))
    assert "1 văn bản thay đổi do sửa lỗi" in page and "1 văn bản không đổi" in page
    assert "* ho-so-1/giay-moi-03-gm-bql.docx" in page


def test_regenerate_problems_are_shown_on_the_page(client, saved):
    token = csrf(client, "/regenerate")
    nothing = client.post("/regenerate", data={"csrf_token": token, "source": "saved", "meeting": str(saved)})
    assert nothing.status_code == 400 and "Chưa có sửa lỗi nào" in nothing.get_data(as_text=True)
    no_sheet = client.post("/regenerate", data={"csrf_token": token, "source": "sheet", "find0": "a", "replace0": "b"})
    assert "Chưa chọn bảng tính khách mời" in no_sheet.get_data(as_text=True)
    bad = client.post("/regenerate", data={"csrf_token": token, "source": "sheet", "base": str(saved),
                                           "sheet": (io.BytesIO("Họ và tên;Ngày sinh\nA;x\n".encode()), "x.csv"),
                                           "find0": "a", "replace0": "b"})
    text = html.unescape(bad.get_data(as_text=True))
    assert bad.status_code == 400 and "x.csv: không tìm thấy dòng tiêu đề" in text
    assert "dòng 1 có cột không hiểu: «Ngày sinh»" in text and "invitation." not in text
    assert "/tmp" not in text and 'value="a"' in text  # the form is kept
    bad_fix = client.post("/regenerate", data={"csrf_token": token, "source": "saved", "meeting": str(saved),
                                               "corrections": (io.BytesIO(b"- find: x\n"), "f.yaml")})
    assert "f.yaml, mục 1 (dòng 1): thiếu 'replace'." in html.unescape(bad_fix.get_data(as_text=True))
    assert client.get("/regenerate/khong-co-ma-nay-dau-nhe").status_code == 404


def test_regenerate_keeps_the_chosen_file_after_an_error(client, saved):
    page = client.get("/regenerate").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    form = re.search(r'name="__form" value="([^"]+)"', page)[1]
    sheet = "Họ và tên;Chức vụ;Đơn vị\nTrần Văn Bien;Giám đốc;Sở Nội vụ\n".encode()
    # no base record chosen: an error, and the sheet is kept under the form's token
    first = client.post("/regenerate", data={"csrf_token": token, "__form": form, "source": "sheet",
                                             "sheet": (io.BytesIO(sheet), "Khách mời Sở.csv"),
                                             "find0": "Trần Văn Bien", "replace0": "Trần Văn Biên"})
    text = html.unescape(first.get_data(as_text=True))
    assert first.status_code == 400 and "Chọn hồ sơ gốc" in text
    assert "Đã chọn: <strong>Khách mời Sở.csv</strong>" in text and f'value="{form}"' in text
    # sent again with the base record and no file: the kept sheet is used
    again = client.post("/regenerate", data={"csrf_token": token, "__form": form, "source": "sheet",
                                             "base": str(saved), "find0": "Trần Văn Bien",
                                             "replace0": "Trần Văn Biên"})
    assert again.status_code == 303
    summary = html.unescape(client.get(again.headers["Location"]).get_data(as_text=True))
    assert "Sửa lỗi «Trần Văn Bien» → «Trần Văn Biên»: 1 chỗ." in summary
    # another user (or another form) does not get it; "Bỏ tệp này" drops it
    other = client.post("/regenerate", data={"csrf_token": token, "source": "sheet", "base": str(saved),
                                             "find0": "a", "replace0": "b"})
    assert "Chưa chọn bảng tính khách mời" in html.unescape(other.get_data(as_text=True))
    client.post("/regenerate", data={"csrf_token": token, "__form": form, "source": "sheet",
                                     "sheet": (io.BytesIO(sheet), "k.csv"), "find0": "x", "replace0": "y"})
    dropped = client.post("/regenerate", data={"csrf_token": token, "__form": form, "source": "sheet",
                                               "base": str(saved), "drop-sheet": "1", "find0": "a", "replace0": "b"})
    assert "Chưa chọn bảng tính khách mời" in html.unescape(dropped.get_data(as_text=True))
