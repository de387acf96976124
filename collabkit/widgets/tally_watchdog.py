"""The board's connection watchdog: a lost kernel or connection is shown at once.

A click on an ipywidgets button is a message to the kernel; when the kernel
has died (or the connection to the server is lost) the message goes nowhere
and the board would keep showing the last "Saved #N" as if nothing were
wrong. The watchdog is a small front-end widget (made with ``anywidget``, a
library for widgets with their own JavaScript, which works in JupyterLab and
Voila alike) that sits in the board's sticky bar. On every click on the
board, and every few seconds, its JavaScript sends the kernel a ping; the
kernel answers at once. When no answer comes within ``timeout_ms``
(1.5 s) it shows a banner in plain words, with ``role="alert"`` so a screen
reader announces it, and marks the last acknowledgement as not confirmed.
When answers come again the banner goes.

Nothing here touches the project: the watchdog only answers pings.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

__all__ = ["LOST_TEXT", "connection_watchdog"]

#: What the banner says when the kernel does not answer.
#: In Voila reloading the page starts a new kernel; in JupyterLab the page keeps its dead
#: kernel, so the fix there is to restart it and run the cells again.
LOST_TEXT = ("Connection lost: clicks are NOT being saved. Reload the page (in JupyterLab: "
             "restart the kernel and run the cells again); the board carries on from the "
             "last saved click. If that does not help, restart collabkit facilitate.")

_ESM = """
function render({ model, el }) {
  const timeout = model.get("timeout_ms"), every = model.get("every_ms");
  el.classList.add("collabkit-watchdog");
  el.dataset.connection = "unknown";
  const banner = document.createElement("div");
  banner.className = "collabkit-connection-lost";
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  const strong = document.createElement("strong");
  strong.textContent = model.get("lost_text");
  banner.appendChild(strong);
  el.appendChild(banner);
  let sent = 0, answered = 0;
  const board = () => el.closest(".collabkit-tally") || document;
  const setLost = (lost) => {
    banner.hidden = !lost;
    el.dataset.connection = lost ? "lost" : "ok";
    board().querySelectorAll(".collabkit-tally-ack").forEach(
      (ack) => ack.classList.toggle("collabkit-unconfirmed", lost));
  };
  const ping = () => {
    const id = ++sent;
    setTimeout(() => { if (answered < id) setLost(true); }, timeout);
    try { model.send({ ping: id }); } catch (error) { setLost(true); }
  };
  const onMessage = (message) => {
    if (message && typeof message.pong === "number") {
      answered = Math.max(answered, message.pong);
      if (answered === sent) setLost(false);
    }
  };
  model.on("msg:custom", onMessage);
  const onClick = (event) => {
    const target = event.target;
    if (target && target.closest && target.closest(".collabkit-tally")) ping();
  };
  document.addEventListener("click", onClick, true);
  const timer = setInterval(ping, every);
  ping();
  return () => {
    clearInterval(timer);
    document.removeEventListener("click", onClick, true);
    model.off("msg:custom", onMessage);
  };
}
export default { render };
"""

#: White on dark red: 7.7:1, past WCAG AA (4.5:1) for text of any size.
_CSS = """
.collabkit-watchdog .collabkit-connection-lost {
  background: #9b0000; color: #ffffff; padding: 8px 12px; font-size: 17px;
  border-radius: 4px; margin: 2px 0;
}
.collabkit-watchdog .collabkit-connection-lost[hidden] { display: none; }
.collabkit-tally-ack.collabkit-unconfirmed { opacity: 0.55; text-decoration: line-through; }
"""


@functools.cache
def _watchdog_class() -> Any:
    """The widget class, made once (None when ``anywidget`` is not installed)."""
    try:
        import anywidget
        import traitlets
    except ImportError:
        return None

    class ConnectionWatchdog(anywidget.AnyWidget):
        _esm = _ESM
        _css = _CSS
        timeout_ms = traitlets.Int(1500).tag(sync=True)
        every_ms = traitlets.Int(4000).tag(sync=True)
        lost_text = traitlets.Unicode(LOST_TEXT).tag(sync=True)

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.pinged: list[Any] = []  # called after each answer: the board's heartbeat
            self.on_msg(self._answer)

        def _answer(self, _widget: Any, content: Any, _buffers: Any) -> None:
            if isinstance(content, dict) and "ping" in content:
                self.send({"pong": content["ping"]})
                for call in self.pinged:
                    with contextlib.suppress(Exception):  # never stops an answer
                        call()

    return ConnectionWatchdog


def connection_watchdog(w: Any, timeout_ms: int = 1500, every_ms: int = 4000) -> Any:
    """The watchdog widget, or an empty HTML widget when ``anywidget`` is not installed.

    ``w`` is ipywidgets (used only for the empty stand-in: the board works as
    before, without the watchdog).
    """
    made = _watchdog_class()
    if made is None:
        return w.HTML("")
    watchdog = made(timeout_ms=int(timeout_ms), every_ms=int(every_ms))
    watchdog.add_class("collabkit-tally-watchdog")
    return watchdog
