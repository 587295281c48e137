from docgen.vi.sorting import collation_key, sort_key_name, sort_names, sort_texts


def test_dictionary_order_letters_then_tone():
    words = ["bác", "bạ", "bá", "bã", "bả", "bà", "ba"]
    assert sort_texts(words) == ["ba", "bà", "bả", "bã", "bá", "bạ", "bác"]


def test_alphabet_order_of_modified_letters():
    words = ["y", "xe", "ưa", "uống", "ơi", "ôm", "ong", "ê", "em", "đi", "dê", "ăn", "ân", "an"]
    assert sort_texts(words) == ["an", "ăn", "ân", "dê", "đi", "em", "ê", "ong", "ôm", "ơi",
                                 "uống", "ưa", "xe", "y"]


def test_syllable_by_syllable_and_case_only_breaks_ties():
    assert sort_texts(["bà", "ba ba", "ba"]) == ["ba", "ba ba", "bà"]
    assert sort_texts(["Đà Lạt", "đà nẵng", "Đà Nẵng", "Cà Mau"]) == [
        "Cà Mau", "Đà Lạt", "đà nẵng", "Đà Nẵng"]
    assert sort_texts(["Ánh", "Anh Tuấn", "Ảnh", "Anh"]) == ["Anh", "Anh Tuấn", "Ảnh", "Ánh"]


def test_decomposed_input_sorts_like_composed():
    import unicodedata
    assert collation_key(unicodedata.normalize("NFD", "Đặng Thị Ánh"))[0] == \
        collation_key("Đặng Thị Ánh")[0]


def test_sort_names_given_name_first():
    names = [
        "Trần Văn Biên", "Nguyễn Thị An", "Lê Văn An", "Đỗ Thị Ánh", "Phạm Minh Đức",
        "Hoàng Văn Dũng", "Vũ Thị Hà", "Ngô Thị Hạ", "Bùi Văn Hải", "Nguyễn Văn Anh",
        "Đặng Quốc Bảo", "Trương Thị Bích", "Huỳnh Ngọc Ẩn", "Lý Thị Ân",
    ]
    assert sort_names(names) == [
        "Lê Văn An", "Nguyễn Thị An", "Nguyễn Văn Anh", "Đỗ Thị Ánh", "Lý Thị Ân",
        "Huỳnh Ngọc Ẩn", "Đặng Quốc Bảo", "Trương Thị Bích", "Trần Văn Biên", "Hoàng Văn Dũng",
        "Phạm Minh Đức", "Vũ Thị Hà", "Ngô Thị Hạ", "Bùi Văn Hải",
    ]


def test_same_given_name_then_family_then_middle():
    names = ["Trần Thị Lan", "Nguyễn Văn Lan", "Nguyễn Thị Lan", "Đinh Lan"]
    assert sort_names(names) == ["Đinh Lan", "Nguyễn Thị Lan", "Nguyễn Văn Lan", "Trần Thị Lan"]
    assert sort_key_name("  Trần  Văn  Biên ")[0] == sort_key_name("Trần Văn Biên")[0]


def test_sort_names_by_attribute_of_dicts_and_objects():
    from types import SimpleNamespace
    rows = [{"name": "Trần Văn Biên", "unit": "A"}, {"name": "Võ Văn Phụng", "unit": "B"},
            {"name": "Bùi Thế Thu Hằng", "unit": "C"}]
    assert [r["unit"] for r in sort_names(rows, attribute="name")] == ["A", "C", "B"]
    people = [SimpleNamespace(name=r["name"]) for r in rows]
    assert [p.name for p in sort_names(people, attribute="name")] == [
        "Trần Văn Biên", "Bùi Thế Thu Hằng", "Võ Văn Phụng"]
