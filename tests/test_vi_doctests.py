"""The examples in the docstrings of docgen.vi and the text normalizers are true."""
import doctest
import importlib

import pytest

MODULES = ["docgen.vi", "docgen.vi.case", "docgen.vi.dates", "docgen.vi.numbers",
           "docgen.vi.sorting", "docgen.vi.docnum"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
