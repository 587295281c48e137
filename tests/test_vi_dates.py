import datetime as dt

import pytest

from docgen.vi.dates import (format_date, format_datetime_phrase, format_time, parse_date,
                             parse_time, place_date, weekday)


@pytest.mark.parametrize("d,text", [
    (dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
    (dt.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
    (dt.date(2024, 3, 9), "ngày 09 tháng 3 năm 2024"),
    (dt.date(2022, 10, 1), "ngày 01 tháng 10 năm 2022"),
    (dt.date(2022, 11, 30), "ngày 30 tháng 11 năm 2022"),
    (dt.date(2022, 12, 31), "ngày 31 tháng 12 năm 2022"),
    (dt.date(2023, 9, 10), "ngày 10 tháng 9 năm 2023"),
    (dt.datetime(2024, 1, 15, 14, 30), "ngày 15 tháng 01 năm 2024"),
    ("2024-04-05", "ngày 05 tháng 4 năm 2024"),
    ("5/2/2024", "ngày 05 tháng 02 năm 2024"),
])
def test_format_date_leading_zeros(d, text):
    assert format_date(d) == text


def test_place_date():
    assert place_date("Lâm Đồng", dt.date(2024, 1, 5)) == "Lâm Đồng, ngày 05 tháng 01 năm 2024"
    assert place_date(" Hà Nội ", "2022-12-20") == "Hà Nội, ngày 20 tháng 12 năm 2022"


@pytest.mark.parametrize("d,name", [
    ("2024-01-01", "Thứ Hai"), ("2024-01-02", "Thứ Ba"), ("2024-01-03", "Thứ Tư"),
    ("2024-01-04", "Thứ Năm"), ("2024-01-05", "Thứ Sáu"), ("2024-01-06", "Thứ Bảy"),
    ("2024-01-07", "Chủ nhật"), ("02/09/1945", "Chủ nhật"),
])
def test_weekday(d, name):
    assert weekday(d) == name


def test_weekday_sentence_case():
    assert weekday("2024-01-01", sentence_case=True) == "thứ Hai"
    assert weekday("2024-01-07", sentence_case=True) == "Chủ nhật"


@pytest.mark.parametrize("t,text", [
    (dt.time(8, 0), "08 giờ 00"), (dt.time(14, 30), "14 giờ 30"), ("7:05", "07 giờ 05"),
    ("8h30", "08 giờ 30"), ("14 giờ", "14 giờ 00"), ("13 giờ 30 phút", "13 giờ 30"),
    (dt.datetime(2024, 1, 4, 0, 0), "00 giờ 00"),
])
def test_format_time(t, text):
    assert format_time(t) == text


def test_format_datetime_phrase():
    assert (format_datetime_phrase(dt.datetime(2024, 1, 4, 8, 0))
            == "08 giờ 00, thứ Năm, ngày 04 tháng 01 năm 2024")
    assert (format_datetime_phrase("2022-12-20", "14:00")
            == "14 giờ 00, thứ Ba, ngày 20 tháng 12 năm 2022")
    with pytest.raises(ValueError, match="Thiếu giờ"):
        format_datetime_phrase(dt.date(2024, 1, 4))


@pytest.mark.parametrize("text,d", [
    ("2024-01-05", dt.date(2024, 1, 5)), ("05/01/2024", dt.date(2024, 1, 5)),
    ("5/1/2024", dt.date(2024, 1, 5)), ("05-01-2024", dt.date(2024, 1, 5)),
    ("05.01.2024", dt.date(2024, 1, 5)), (" 31/12/2022 ", dt.date(2022, 12, 31)),
])
def test_parse_date(text, d):
    assert parse_date(text) == d


@pytest.mark.parametrize("text,message", [
    ("05/01/24", "không đúng dạng"), ("2024/01/05", "không đúng dạng"),
    ("05/01-2024", "không đúng dạng"), ("ngày 5 tháng 1", "không đúng dạng"),
    ("", "không đúng dạng"), ("31/02/2024", "không có thật"), ("2023-02-29", "không có thật"),
])
def test_parse_date_errors_are_vietnamese(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_parse_time_errors():
    assert parse_time("23:59") == dt.time(23, 59)
    for bad in ("24:00", "8:75", "tám giờ", "8"):
        with pytest.raises(ValueError, match="Giờ «"):
            parse_time(bad)
