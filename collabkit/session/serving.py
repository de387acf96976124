"""Serving the facilitator notebooks with Voila: the settings ``collabkit facilitate`` uses.

Voila shows the three facilitator notebooks (prepare, run, after) as pages
without code, each page with its own kernel. Left to its defaults, Voila 0.5
keeps every page's kernel after the page is closed or reloaded: the page asks
for its kernel to end as it closes, but the request carries no cross-site
token and is refused, so each reload leaves a kernel (about 100 MB) behind.
The settings here fix that and guard the rest:

- a **token** in the address (generated when not given): only someone who has
  the address can open the pages. Because the token guards the pages, the
  cross-site check that refuses the closing page's request is turned off
  (``disable_check_xsrf``), so a closed or reloaded page ends its kernel;
- **idle culling**: a kernel whose page is gone without saying so (a tablet
  that lost the network, a browser that crashed) ends after ``idle_minutes``
  with no page connected; a kernel with its page open is never ended, however
  quiet the meeting;
- the port is the one asked for (Voila does not drift to another one, so the
  address printed is the address served).

The project given is passed to the notebooks' pickers through the
``COLLABKIT_PROJECT`` (and ``COLLABKIT_MEETING``) environment variables, and
working copies of the bundled examples go to ``COLLABKIT_WORK_DIR``
(``collabkit-work/`` in the folder the command was started from), never into
the notebooks' folder.

Examples
--------
>>> plan = voila_plan("data/examples/riverside_crisis_cafe", token="abc", port=8870)
>>> plan.url
'http://127.0.0.1:8870/?token=abc'
>>> plan.environment[PROJECT_ENV].endswith("riverside_crisis_cafe")
True
>>> plan.config["MappingKernelManager"]["cull_connected"]
False
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collabkit.errors import ActionError
from collabkit.resources import find_repo_path, resolve_path
from collabkit.session.workspace import WORK_ENV, work_folder

__all__ = ["DEFAULT_PORT", "IDLE_MINUTES", "MEETING_ENV", "PROJECT_ENV", "VoilaPlan",
           "facilitator_notebooks", "first_choice", "lan_address", "require_voila", "serve",
           "voila_plan"]

#: Environment variable naming the project the facilitator notebooks open first.
PROJECT_ENV = "COLLABKIT_PROJECT"
#: Environment variable naming the meeting the facilitator notebooks choose first.
MEETING_ENV = "COLLABKIT_MEETING"
#: Voila's usual port.
DEFAULT_PORT = 8866
#: Minutes a kernel with no page connected is kept before it is ended.
IDLE_MINUTES = 30
#: How often (seconds) the server looks for kernels to end.
CULL_INTERVAL = 60
_INSTALL = 'pip install "collabkit[voila]"'


@dataclass(frozen=True)
class VoilaPlan:
    """How to start Voila on the facilitator notebooks.

    Attributes
    ----------
    argv : list of str
        Voila's command-line arguments (the folder of notebooks last).
    config : dict
        Settings given to Voila as configuration (they keep their types).
    environment : dict
        Environment variables to set before starting (the kernels inherit them).
    url : str
        The address to open, with the token.
    token : str
    """

    argv: list[str]
    config: dict[str, dict[str, Any]]
    environment: dict[str, str]
    url: str
    token: str
    notes: list[str] = field(default_factory=list)


def facilitator_notebooks() -> Path:
    """The folder of the three facilitator notebooks (in the checkout or the wheel)."""
    return find_repo_path("notebooks/facilitator")


def first_choice(project_path: str | os.PathLike | None,
                 meeting_id: str | None) -> tuple[str, str]:
    """The project and meeting a picker opens first: ``$COLLABKIT_PROJECT`` when set.

    ``collabkit facilitate PROJECT`` sets the variable for the notebooks it
    serves, so the project named on the command line replaces the notebook's
    default; ``$COLLABKIT_MEETING`` likewise replaces the meeting.
    """
    project = os.environ.get(PROJECT_ENV, "").strip()
    meeting = os.environ.get(MEETING_ENV, "").strip()
    return (project or str(project_path or ""), meeting or str(meeting_id or ""))


def lan_address() -> str | None:
    """The address of this computer on the local network (what a tablet types), if any."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def voila_plan(project: str | os.PathLike | None = None, *, meeting: str | None = None,
               host: str = "127.0.0.1", port: int = DEFAULT_PORT, token: str | None = None,
               idle_minutes: int = IDLE_MINUTES, notebook: str | None = None) -> VoilaPlan:
    """The Voila command, settings and environment that serve the facilitator notebooks.

    Parameters
    ----------
    project : str or Path, optional
        The project the notebooks open first (default: the notebooks' own
        default, the bundled example, opened as a working copy).
    meeting : str, optional
        The meeting the notebooks choose first.
    host : str
        The address to listen on: ``127.0.0.1`` (this computer only) or
        ``0.0.0.0`` (other devices on the network too, with the token).
    port : int
    token : str, optional
        The token in the address (default: a new random one).
    idle_minutes : int
        Minutes a kernel with no page connected is kept.
    notebook : str, optional
        Serve only this facilitator notebook (``run_session``...) rather than
        the folder of all three.

    Raises
    ------
    ActionError
        The project or the notebook does not exist.
    """
    folder = facilitator_notebooks()
    environment = {WORK_ENV: str(work_folder())}
    if project is not None and str(project).strip():
        path = resolve_path(project)
        if not path.exists():
            raise ActionError(f"no project at {project}: give a project folder or .xlsx "
                              "workbook (collabkit init makes one)")
        environment[PROJECT_ENV] = str(path)
    if meeting:
        environment[MEETING_ENV] = str(meeting).strip()
    target = folder
    if notebook:
        target = folder / (notebook if notebook.endswith(".ipynb") else f"{notebook}.ipynb")
        if not target.is_file():
            known = ", ".join(sorted(p.stem for p in folder.glob("*.ipynb")))
            raise ActionError(f"no facilitator notebook '{notebook}': choose one of {known}")
    token = token or secrets.token_hex(8)
    config: dict[str, dict[str, Any]] = {
        "Voila": {"ip": host, "port": port, "port_retries": 0, "open_browser": False,
                  "token": token, "tornado_settings": {"disable_check_xsrf": True}},
        "MappingKernelManager": {"cull_idle_timeout": int(idle_minutes) * 60,
                                 "cull_interval": CULL_INTERVAL, "cull_connected": False,
                                 "cull_busy": False},
    }
    shown = host
    notes = []
    if host in ("0.0.0.0", ""):
        shown = lan_address() or socket.gethostname()
        notes.append("Other devices on this network can open it with the token; on a tablet "
                     "type the address above into the browser.")
    url = f"http://{shown}:{port}/?token={token}"
    return VoilaPlan(argv=[str(target)], config=config, environment=environment, url=url,
                     token=token, notes=notes)


def require_voila() -> None:
    """Stop with what to install when Voila (the ``voila`` extra) is missing."""
    if importlib.util.find_spec("voila") is None or importlib.util.find_spec(
            "ipywidgets") is None:
        raise ActionError("Voila is not installed, so the notebooks cannot be served: "
                          f"{_INSTALL}")


def serve(plan: VoilaPlan) -> None:
    """Run Voila as ``plan`` says until it is stopped (Ctrl+C)."""
    require_voila()
    from traitlets.config import Config
    from voila.app import Voila

    os.environ.update(plan.environment)
    Voila.launch_instance(argv=plan.argv, config=Config(plan.config))
