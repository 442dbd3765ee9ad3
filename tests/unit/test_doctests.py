"""Examples in docstrings are run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import proxisante

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(proxisante.__path__, prefix="proxisante.")
    if ".web" not in m.name and ".migrations" not in m.name and not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
