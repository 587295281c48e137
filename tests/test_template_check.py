"""`docgen template check`: tags with their place, fields against the record model, split and
unclosed tags, the Decree 30 lint of what the template prints."""
from __future__ import annotations

from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_BREAK

from docgen.cli import cli
from docgen.template_check import check_template
from docgen.render.engine import TEMPLATES_DIR


def _template(path):
    doc = Document()
    doc.add_paragraph("Kính gửi: {{ agency.nme }}")
    p = doc.add_paragraph()
    for piece in ("{{ meeting.", "tit", "le }}"):
        p.add_run(piece)
    p.add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Trang hai: {{ invitation.date|ngay }} {% for i in invitation.invitees %}{{ i.unit }}{% endfor %}")
    doc.save(path)
    return path


def test_check_reports_typos_split_tags_pages_and_unclosed_tags(tmp_path):
    path = _template(tmp_path / "giay-moi.docx")
    result = CliRunner().invoke(cli, ["template", "check", str(path)])
    out = result.output
    assert result.exit_code == 1, out
    assert "trường 'agency.nme' không có trong hồ sơ loại giay-moi; có phải ý bạn là 'agency.name'?" in out
    assert "thẻ {{ meeting.title }} bị Word tách thành 3 mảnh" in out
    assert "thân, trang 2, đoạn 3: {{ invitation.date|ngay }}" in out
    assert "thân, trang 1, đoạn 1: {{ agency.nme }}" in out
    assert "invitation.invitees[].unit" in out  # a loop variable is read as the list's items
    assert "Traceback" not in out
    assert "vị trí ngắt trang Word ghi lại lần lưu cuối" in out  # where page numbers come from, said


def test_shipped_templates_pass_the_check():
    for path in sorted(TEMPLATES_DIR.glob("*.docx")):
        report = check_template(path)
        assert report.errors == 0, [p.message for p in report.problems]
        assert report.tags and report.variables
        assert report.linted.startswith("văn bản soạn từ mẫu")
        assert report.lint == [], report.lint


def test_check_a_folder_and_a_missing_target(tmp_path):
    _template(tmp_path / "mau-rieng.docx")
    runner = CliRunner()
    result = runner.invoke(cli, ["template", "check", str(tmp_path)])
    assert result.exit_code == 1 and "mau-rieng.docx" in result.output
    assert "có phải ý bạn là 'agency.name'?" in result.output
    missing = runner.invoke(cli, ["template", "check", str(tmp_path / "khong-co")])
    assert missing.exit_code == 2 and "Không tìm thấy thư mục hoặc tệp mẫu" in missing.output


def test_unclosed_tag(tmp_path):
    doc = Document()
    doc.add_paragraph("Chưa đóng: {{ agency.name ")
    doc.save(tmp_path / "mau.docx")
    report = check_template(tmp_path / "mau.docx")
    assert any("thẻ mở «{{ agency.name » không có }} đóng" in p.message for p in report.problems)


def test_syntax_error_is_reported_not_raised(tmp_path):
    doc = Document()
    doc.add_paragraph("{% if agency.name %}không đóng")
    doc.save(tmp_path / "mau.docx")
    report = check_template(tmp_path / "mau.docx")
    assert report.errors == 1 and "thiếu thẻ đóng {% endif %}" in report.problems[-1].message
