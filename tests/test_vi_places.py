"""docgen.vi.places: provinces, the 2025 commune-level units, former districts and communes."""
from __future__ import annotations

import doctest
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from docgen.vi import places
from docgen.vi.places import became, find_places, is_place, is_province, place_kinds

ROOT = Path(__file__).resolve().parent.parent


def toks(text: str) -> list[str]:
    return text.split()


def test_docstring_examples():
    result = doctest.testmod(places)
    assert result.failed == 0 and result.attempted > 0


def test_provinces_34_in_force_63_before():
    provs = places.provinces()
    current = [p for p in provs if p.current]
    former = {p.short for p in provs if not p.current}
    assert len(current) == 34
    assert {"Hà Nội", "Huế", "Lâm Đồng", "Đắk Lắk", "Khánh Hòa", "Hồ Chí Minh"} <= {p.short for p in current}
    assert len(former - {"Thừa Thiên Huế"}) == 63
    assert {"Đắk Nông", "Bình Thuận", "Ninh Thuận", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu"} <= former
    now = {p.short: p.now for p in provs if not p.current}
    assert now["Đắk Nông"] == "Lâm Đồng" and now["Ninh Thuận"] == "Khánh Hòa" and now["Hà Giang"] == "Tuyên Quang"
    assert is_province("Đắk Nông", current=False) and not is_province("Đắk Nông", current=True)
    assert is_province("tỉnh Khánh Hoà") and is_province("TP. Hồ Chí Minh")


def test_communes_in_force():
    units = places.communes()
    types = Counter(u.type for u in units)
    assert types["Đặc khu"] == 13 and types["Phường"] == 687 and 2600 <= types["Xã"] <= 2621
    assert len({u.province for u in units}) == 34
    assert any(u.name == "Phú Quốc" and u.type == "Đặc khu" for u in units)
    assert any(u.name == "Côn Đảo" and u.province == "Hồ Chí Minh" for u in units)
    assert len(units) == len(set(units))


def test_former_districts_and_communes():
    assert len(places.former_districts()) == 696
    assert any(u.name == "Cư Kuin" and u.type == "Huyện" for u in places.former_districts())
    assert len(places.former_communes()) > 10000
    (ea_tieu,) = became("xã Ea Tiêu")
    assert ea_tieu.district == "Huyện Cư Kuin" and ea_tieu.became_province == "Đắk Lắk"
    assert ea_tieu.became.startswith("Xã ")
    assert became("Ea Tiêu", province="Lâm Đồng") == []


@pytest.mark.parametrize("text", ["tỉnh Lâm Đồng", "Lâm Đồng", "LÂM ĐỒNG", "thành phố Hà Nội", "Khánh Hoà", "Khánh Hòa",
                                  "xã Ea Tiêu", "huyện Cư Kuin", "đặc khu Phú Quốc", "phường 3", "thị trấn Ea Pốk",
                                  "Thừa Thiên Huế", "tỉnh Đắk Nông"])
def test_is_place(text):
    assert is_place(text)


@pytest.mark.parametrize("text", ["Văn bản", "tỉnh", "xã Văn Bản Không Có", "Nguyễn Văn An", "3", "huyện Lâm Đồng"])
def test_is_not_place(text):
    assert not is_place(text)


def test_place_kinds():
    assert place_kinds("Lâm Đồng") == ("province", "former_province")
    assert place_kinds("Cư Kuin") == ("district",)
    assert "province" in place_kinds("Đắk Nông") or "former_province" in place_kinds("Đắk Nông")
    assert place_kinds("Không Có") == ()


def test_find_places_longest_match_stops_at_punctuation():
    tokens = toks("Khen thưởng UBND xã Ea Tiêu, huyện Cư Kuin, tỉnh Đắk Lắk (nay là tỉnh Đắk Lắk) và Lâm Đồng.")
    found = [(" ".join(tokens[m.start:m.end]), m.unit_word, m.name) for m in find_places(tokens)]
    assert found == [("xã Ea Tiêu,", "xã", "Ea Tiêu"), ("huyện Cư Kuin,", "huyện", "Cư Kuin"),
                     ("tỉnh Đắk Lắk", "tỉnh", "Đắk Lắk"), ("tỉnh Đắk Lắk)", "tỉnh", "Đắk Lắk"),
                     ("Lâm Đồng.", "", "Lâm Đồng")]
    # lower-case words are no bare place name; a bare one-syllable name needs its unit word
    assert find_places(toks("văn bản lâm đồng")) == []
    assert find_places(["Huế"]) == [] and len(find_places(["thành", "phố", "Huế"])) == 1


def test_tables_are_rebuilt_identically(tmp_path):
    pytest.importorskip("underthesea", reason="scripts/build_places.py needs the build extra (underthesea)")
    data = ROOT / "docgen" / "vi" / "data"
    files = ["provinces.tsv", "communes_2025.tsv", "districts_former.tsv", "communes_former.tsv.gz"]
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_places.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for f in files:
        assert (tmp_path / f).read_bytes() == (data / f).read_bytes(), f

