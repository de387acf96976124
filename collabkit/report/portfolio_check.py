"""Whether a folder holds a project the portfolio can compare, asked of its kernel.

``collabkit portfolio`` refuses a folder where no project is valid before
the portfolio notebook runs, listing every problem. :func:`checked_in_kernel`
asks the kernel that will run the notebook (booted meanwhile, with pandas and
collabkit loaded for it), so the command itself never imports them; a kernel
that cannot answer leaves the check to :func:`nothing_to_compare` here.
"""

from __future__ import annotations

import ast
import dataclasses
import json
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from collabkit.errors import DataError, Problem
from collabkit.report.kernels import START_TIMEOUT, KernelPool, execute_silently


class InThisThread(Executor):
    """Runs each job as it is submitted, in the caller's thread (and with its warm kernel)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        """Run ``fn`` now; its result, or what it raised, is in the future returned."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 - the caller reports it
            future.set_exception(error)
        return future


def checked_in_kernel(kernels: KernelPool, data: Path, cwd: str) -> list[Problem] | None:
    """:func:`nothing_to_compare` run in the portfolio's kernel, or None if it could not say.

    The kernel has pandas and collabkit loaded for the notebook anyway; this
    process then never imports them.
    """
    from jupyter_core.utils import run_sync

    try:
        manager = kernels.acquire(cwd)
        if not manager.has_kernel:  # the prestarted kernel failed: a new one is not started
            return None
        client = manager.client()
        expression = f"_check.problems_json({str(data.absolute())!r})"
        reply = run_sync(execute_silently)(
            client, "import collabkit.report.portfolio_check as _check", START_TIMEOUT,
            user_expressions={"problems": expression})
        answer = reply["content"]["user_expressions"]["problems"]
        return [Problem(**fields)
                for fields in json.loads(ast.literal_eval(answer["data"]["text/plain"]))]
    except Exception:  # noqa: BLE001 - a kernel that failed to start, say
        return None


def problems_json(data_dir: str) -> str:
    """:func:`nothing_to_compare` as JSON: a list of each problem's fields."""
    return json.dumps([dataclasses.asdict(p) for p in nothing_to_compare(Path(data_dir))])


def nothing_to_compare(data: Path) -> list[Problem]:
    """Every problem of the projects in ``data`` when none is valid; [] once one is.

    Projects are loaded only until the first valid one, so a folder of good
    projects costs one load here (the notebook loads them all again).
    """
    from collabkit.model import load_model
    from collabkit.project import find_projects, load_project

    model = load_model()
    problems: list[Problem] = []
    for path in find_projects(data):
        try:
            load_project(path, model=model)
        except DataError as error:
            problems += error.problems
            continue
        return []
    return problems
