"""``collabkit facilitate``: the settings it gives Voila and its messages (no server started)."""

from __future__ import annotations

import importlib.util

from click.testing import CliRunner

from collabkit.cli import main
from collabkit.session import serving
from collabkit.session.serving import MEETING_ENV, PROJECT_ENV, first_choice, voila_plan


def test_the_plan_guards_the_pages_and_ends_kernels(tmp_path):
    plan = voila_plan(tmp_path, meeting="M3", port=8870, token="t0k")
    assert plan.url == "http://127.0.0.1:8870/?token=t0k"
    voila = plan.config["Voila"]
    assert (voila["ip"], voila["token"], voila["port_retries"]) == ("127.0.0.1", "t0k", 0)
    assert voila["tornado_settings"] == {"disable_check_xsrf": True}
    cull = plan.config["MappingKernelManager"]
    assert cull["cull_idle_timeout"] == 30 * 60 and cull["cull_connected"] is False
    assert plan.environment[PROJECT_ENV] == str(tmp_path)
    assert plan.environment[MEETING_ENV] == "M3"
    assert plan.argv[0].endswith("facilitator")


def test_a_token_is_made_when_none_is_given(tmp_path):
    first, second = voila_plan(tmp_path), voila_plan(tmp_path)
    assert len(first.token) >= 16 and first.token != second.token
    assert first.token in first.url


def test_the_command_line_project_replaces_the_notebook_default(monkeypatch):
    assert first_choice("data/examples/x", "") == ("data/examples/x", "")
    monkeypatch.setenv(PROJECT_ENV, "/somewhere/project")
    monkeypatch.setenv(MEETING_ENV, "M4")
    assert first_choice("data/examples/x", "") == ("/somewhere/project", "M4")


def test_a_missing_project_or_notebook_is_refused_without_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["facilitate", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "no project at" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["facilitate", str(tmp_path), "--notebook", "planning"])
    assert result.exit_code == 1 and "run_session" in result.output


def test_without_voila_the_command_says_what_to_install(monkeypatch, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(serving.importlib.util, "find_spec",
                        lambda name, *a: None if name == "voila" else real(name, *a))
    result = CliRunner().invoke(main, ["facilitate", str(tmp_path)])
    assert result.exit_code == 1
    assert 'pip install "collabkit[voila]"' in result.output
