"""Every example in the docstrings of graph_models and service runs and gives what it
shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import graph_models
import service

MODULES = sorted(info.name for package in (graph_models, service)
                 for info in pkgutil.walk_packages(package.__path__,
                                                   prefix=f"{package.__name__}."))


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_each_module_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
