"""A missing tool skips a test on a developer's machine and fails it under CI."""

from __future__ import annotations

import pytest

from tests.conftest import require_module, require_tool


def test_a_found_tool_lets_the_test_go_on(monkeypatch):
    monkeypatch.setenv("CI", "true")
    require_tool("Chromium", True, "install it")


def test_a_missing_tool_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is missing; to install it, run x"):
        require_tool("Chromium", False, "run x")


def test_an_empty_ci_variable_is_not_ci(monkeypatch):
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        require_tool("Chromium", False, "run x")


def test_a_missing_tool_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception,
                       match=r"axe-core is missing; to install it, run bash tests/setup\.sh"):
        require_tool("axe-core", False, "run bash tests/setup.sh")


def test_a_missing_package_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="the Python package no_such_package_here"):
        require_module("no_such_package_here")
    assert require_module("json").dumps([]) == "[]"
