"""Reading a project switches pyarrow to the system allocator, then back, leaving data valid."""

from __future__ import annotations

import pytest

from collabkit.project.allocator import system_allocator

pyarrow = pytest.importorskip("pyarrow")


def test_the_pool_is_put_back_after_nested_blocks_and_arrays_stay_valid(monkeypatch):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    before = pyarrow.default_memory_pool().backend_name
    with system_allocator():
        assert pyarrow.default_memory_pool().backend_name == "system"
        with system_allocator():
            made = pyarrow.array(["M01", "M02"] * 1000)
        assert pyarrow.default_memory_pool().backend_name == "system"
    assert pyarrow.default_memory_pool().backend_name == before
    assert made.to_pylist()[:2] == ["M01", "M02"]


def test_a_pool_the_user_chose_is_kept(monkeypatch):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
    before = pyarrow.default_memory_pool().backend_name
    with system_allocator():
        assert pyarrow.default_memory_pool().backend_name == before
