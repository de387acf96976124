"""What a process that runs reports imports: nothing heavy that no report uses."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CHECK = """
import json, sys
from collabkit.report.execute import import_runtime
import_runtime()
before = sorted(m for m in ("pyarrow", "rfc3987_syntax") if sys.modules.get(m) is not None)
try:
    import pyarrow.fs
    later = True
except ImportError:
    later = None  # not installed here
print(json.dumps({"before": before, "later": later, "papermill": "papermill" in sys.modules}))
"""


@pytest.mark.slow
def test_papermill_comes_without_pyarrow_and_pyarrow_still_imports_afterwards():
    """papermill's HDFS support imported pyarrow's file systems (9 MB more in every worker);
    blocked only while papermill is first imported, so code that needs pyarrow gets it."""
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                          check=True)
    seen = json.loads(done.stdout)
    assert seen["papermill"] and seen["before"] == []
    if seen["later"] is None:
        pytest.skip("pyarrow is not installed here")
    assert seen["later"] is True


@pytest.mark.slow
def test_writing_a_reports_files_does_not_import_pandas():
    """A Dask worker only runs notebooks and hands back their files: no pandas (and pyarrow)
    in its own process, about 90 MB, just to find the findings a notebook displayed."""
    code = ("import sys, nbformat\nfrom collabkit.report.execute import FINDINGS_MIME, "
            "findings_output\nnb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("
            "outputs=[nbformat.v4.new_output('display_data', data={FINDINGS_MIME: 'a,b'})])])\n"
            "print(findings_output(nb), 'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["a,b", "False"]


def test_finding_the_projects_of_a_batch_needs_no_pandas():
    """collabkit report counts the projects to start its kernels first thing: before it imports
    pandas (about 0.3 s), so the kernels boot while the batch does."""
    code = ("import sys\nfrom collabkit.project import find_projects\n"
            "import collabkit.report.batch\n"
            "print(len(find_projects(sys.argv[1])), 'pandas' in sys.modules)")
    from tests.conftest import EXAMPLES

    done = subprocess.run([sys.executable, "-c", code, str(EXAMPLES)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == ["4", "False"]
