"""The batch report runner, end to end: real kernels, real HTML.

Reports for the examples are made once per session (tests/_report_fixtures.py).
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import markupsafe
import nbformat
import pytest

from collabkit import __version__, load_project
from collabkit.report.batch import REPORT_NOTEBOOK, run_reports
from collabkit.report.sections import SECTIONS
from collabkit.resources import ROOT, resolve_path
from tests._report_fixtures import example_reports

pytestmark = pytest.mark.slow

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


class Page(HTMLParser):
    """Start tags (with attributes) and the text of every heading."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: int | None = None
        self._text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = int(tag[1]), []

    def handle_endtag(self, tag):
        if self._heading is not None and tag == f"h{self._heading}":
            self.headings.append((self._heading, "".join(self._text).strip()))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._text.append(data)


@pytest.fixture(scope="session")
def reports(tmp_path_factory):
    return example_reports(tmp_path_factory.getbasetemp())


def test_every_example_gets_a_report_with_every_section(reports):
    assert reports.ok, [r.error for r in reports.failed + reports.invalid]
    assert len(reports) >= 3
    for result in reports:
        page = Page(result.html_path.read_text(encoding="utf-8"))
        h1 = [text for level, text in page.headings if level == 1]
        assert h1 == [load_project(result.project_path).title]
        h2 = [text for level, text in page.headings if level == 2]
        assert [heading for _, heading in SECTIONS] == [h for h in h2 if h != "Contents"]


def test_report_shows_no_code_prompts_or_tracebacks_and_states_its_provenance(reports):
    for result in reports:
        page = result.html_path.read_text(encoding="utf-8")
        assert "sections." not in page and "import " not in page
        assert "In&nbsp;[" not in page and "Out[" not in page and "Traceback" not in page
        assert f"collabkit {__version__}" in page
        assert re.search(r"Made from \S+ with collabkit .* on \d{1,2} [A-Z][a-z]+ \d{4} "
                         r"at \d\d:\d\d", page)
        # a chart's SVG names its XML namespaces by URI (never fetched); nothing else links out
        charts = re.findall(r'src="data:image/svg\+xml,([^"]*)"', page)
        assert {uri for chart in charts for uri in re.findall(r"https?://[^%]*", chart)} == {
            "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
        page = re.sub(r'src="data:image/svg\+xml,[^"]*"', "", page)
        assert "<script" not in page and "http://" not in page and "https://" not in page


def test_executed_notebook_records_the_parameters(reports):
    for result in reports:
        nb = nbformat.read(result.notebook_path, as_version=4)
        parameters = nb.metadata["papermill"]["parameters"]
        assert parameters == {"project_path": str(Path(result.project_path).absolute()),
                              "pseudonymise": True, "min_group_size": 3,
                              "model_dir": "", "quote_feedback": False}


def test_portfolio_sets_every_project_side_by_side(reports):
    page = reports.portfolio.html_path.read_text(encoding="utf-8")
    for result in reports:
        # as collabkit.report.render escapes it (markupsafe: ' becomes &#39;)
        assert str(markupsafe.escape(load_project(result.project_path).title)) in page


def test_nobody_who_did_not_agree_is_named(reports):
    for result in reports:
        project = load_project(result.project_path)
        page = result.html_path.read_text(encoding="utf-8")
        people = project.participants
        hidden = people.loc[~people["named_in_reports"], "name"].dropna()
        shown = people.loc[people["named_in_reports"], "name"].dropna()
        assert len(hidden) > 0
        assert [name for name in hidden if name in page] == []
        assert any(name in page for name in shown) or len(shown) == 0


def _malicious(source: Path, target: Path) -> Path:
    project = load_project(source)
    project.info["id"] = "nasty"
    project.info["title"] = f"Title {SCRIPT} {IMG}"
    project.info["purpose"] = f"Purpose {IMG}"
    tables = {
        "meetings": ("title", f"Meeting {SCRIPT}"),
        "reflections": ("process_problems", f"Problem {IMG}"),
        "glossary": ("meaning", f"Meaning {SCRIPT}"),
        "decisions": ("summary", f"Decision {IMG}"),
        "impact": ("outcome", f"Outcome {SCRIPT}"),
    }
    for table, (column, value) in tables.items():
        frame = project.table(table).copy()
        frame[column] = value
        project = project.with_table(table, frame)
    frame = project.glossary.copy()
    frame["term"] = [f"Term {IMG}", "Plain"]
    project = project.with_table("glossary", frame)
    project.save(target)
    return target


@pytest.fixture(scope="module")
def mixed_batch(tmp_path_factory):
    """One batch: a good project, one whose notebook fails, an invalid one, a malicious one."""
    base = tmp_path_factory.mktemp("mixed")
    good = base / "tiny"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny", good)
    broken = base / "broken"
    shutil.copytree(good, broken)
    yaml_file = broken / "project.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("id: tiny", "id: broken"))
    invalid = base / "invalid"
    shutil.copytree(good, invalid)
    meetings = invalid / "meetings.csv"
    meetings.write_text(meetings.read_text().replace("2026-02-02", "2026-02-31"))
    nasty = _malicious(good, base / "nasty")
    submitted: list[str] = []

    class Spy(ThreadPoolExecutor):
        def submit(self, fn, job, *args, **kwargs):
            submitted.append(job.project_path)
            return super().submit(fn, job, *args, **kwargs)

    out = base / "out"
    with Spy(max_workers=2) as executor:
        summary = run_reports([good, broken, invalid, nasty], out, executor=executor,
                              progress=False, notebook=_failing_notebook(base, "broken"))
    return summary, out, submitted, invalid


def test_free_text_in_any_field_is_shown_as_text_and_never_runs(mixed_batch):
    summary, out, _, _ = mixed_batch
    nasty = summary.results[3]
    assert nasty.ok, nasty.error
    page = nasty.html_path.read_text(encoding="utf-8")
    tags = Page(page).tags
    assert [t for t, _ in tags if t == "script"] == []
    images = [a for t, a in tags if t == "img"]
    assert images, "the tiny project's report has charts"
    for attrs in images:  # only embedded SVG images with written alt text
        assert set(attrs) == {"src", "alt"} and attrs["src"].startswith("data:image/svg+xml,")
        assert "<" not in attrs["alt"] and attrs["alt"].strip()
        chart = ElementTree.fromstring(urllib.parse.unquote(attrs["src"].split(",", 1)[1]))
        names = {e.tag.rsplit("}", 1)[-1] for e in chart.iter()}  # the chart's own elements
        assert not names & {"script", "foreignObject", "a"}, names
        assert not any(k.startswith("on") for e in chart.iter() for k in e.attrib)
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    for text in ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;"):
        assert text in page
    for where in ("Title", "Meeting", "Problem", "Meaning", "Term", "Decision", "Outcome"):
        assert re.search(rf"{where} &lt;(script|img)", page), where
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "&lt;script&gt;" in title and title.endswith(": collaboration evaluation")


def test_a_project_outside_the_repository_is_named_by_its_folder_not_its_path(mixed_batch):
    summary, out, _, _ = mixed_batch
    good = summary.results[0]
    page = good.html_path.read_text(encoding="utf-8")
    assert "Made from tiny with collabkit" in page and "<dt>Data</dt><dd>tiny</dd>" in page
    assert str(good.project_path.parent) not in page and str(out) not in page


def _failing_notebook(base: Path, project_id: str) -> Path:
    """The report notebook, failing for one project in the middle of a cell of several sections."""
    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if "sections.voice" in c.source)
    assert not cell.source.startswith("display(sections.voice")  # the failing line is not the first
    cell.source = cell.source.replace(
        "display(sections.voice", f'if project.id == "{project_id}": '
        'raise RuntimeError("voice broke on purpose")\ndisplay(sections.voice')
    path = base / "notebooks" / "failing.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


#: What a failure in the middle of a cell is reported as: the cell and the line that raised.
FAILED_LINE = (r"cell \d+ \(if project\.id == \"broken\": raise RuntimeError\(\"voice broke on "
               r"purpose\"\)\): RuntimeError: voice broke on purpose")


def test_one_failing_and_one_invalid_project_do_not_stop_the_others(mixed_batch):
    summary, out, submitted, invalid = mixed_batch
    good, failed, refused, nasty = summary.results
    assert good.ok and good.html_path == out / "tiny.html" and good.html_path.exists()
    assert not failed.ok and failed.project_id == "broken"
    assert re.fullmatch(FAILED_LINE, failed.error)
    assert failed.notebook_path == out / "broken.ipynb" and failed.notebook_path.exists()
    assert not (out / "broken.html").exists()
    assert summary.failed == [failed] and summary.invalid == [refused] and not summary.ok


def test_invalid_project_is_refused_with_its_problems_before_any_kernel(mixed_batch):
    summary, out, submitted, invalid = mixed_batch
    refused = summary.results[2]
    assert refused.invalid and not refused.ok and refused.html_path is None
    assert str(refused.problems[0]).startswith(f"{invalid / 'meetings.csv'}:3:date:")
    assert str(invalid) not in submitted and len(submitted) == 3
    assert sorted(p.name for p in out.iterdir()) == [
        "broken.ipynb", "nasty.findings.csv", "nasty.html", "nasty.ipynb", "tiny.findings.csv",
        "tiny.html", "tiny.ipynb"]


def test_only_invalid_projects_start_no_kernel(tmp_path):
    summary = run_reports([tmp_path / "missing"], tmp_path / "out", progress=False,
                          portfolio=True)
    assert summary.invalid and summary.portfolio is None
    assert not (tmp_path / "out").exists()


def test_any_concurrent_futures_executor_can_run_the_reports(tiny_dir, tmp_path):
    with ProcessPoolExecutor(max_workers=1) as executor:
        summary = run_reports([tiny_dir], tmp_path / "out", executor=executor, progress=False)
    assert summary.ok, summary.results[0].error
    assert "Tiny test project" in summary.results[0].html_path.read_text(encoding="utf-8")


def test_bad_settings_are_refused_before_anything_runs(tiny_dir, tmp_path):
    with pytest.raises(ValueError, match="jobs must be a whole number of at least 1"):
        run_reports([tiny_dir], tmp_path, jobs=0)
    with pytest.raises(ValueError, match="min_group_size must be a whole number"):
        run_reports([tiny_dir], tmp_path, min_group_size=0)
    with pytest.raises(FileNotFoundError, match="no such report notebook"):
        run_reports([tiny_dir], tmp_path, notebook=tmp_path / "nope.ipynb")


def test_repo_relative_paths_work_from_the_notebook_folder(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks" / "reports")
    assert resolve_path("data/model") == ROOT / "data" / "model"
    assert resolve_path("../../data/model") == ROOT / "data" / "model"
    assert resolve_path("nowhere") == ROOT / "notebooks" / "reports" / "nowhere"


def test_a_reused_kernel_starts_each_notebook_afresh(tiny_dir, tmp_path):
    second = tmp_path / "second"
    shutil.copytree(tiny_dir, second)
    yaml_file = second / "project.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("id: tiny", "id: second"))
    notebook = tmp_path / "nb" / "probe.ipynb"
    notebook.parent.mkdir()
    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(
        'import os\nassert "leftover" not in globals(), "state leaked from the last notebook"\n'
        'assert "collabkit" not in globals(), "the warm-up import was left in the namespace"\n'
        f'assert os.getcwd() == {str(notebook.parent)!r}, os.getcwd()\n'
        'leftover = 1\nos.chdir("/")'))
    nbformat.write(nb, notebook)
    summary = run_reports([tiny_dir, second], tmp_path / "out", jobs=1, progress=False,
                          notebook=notebook)
    assert summary.ok, [r.error for r in summary.results]
    counts = [[c.execution_count for c in nbformat.read(r.notebook_path, 4).cells
               if c.cell_type == "code"][:2] for r in summary.results]
    assert counts == [[1, 2], [1, 2]]
