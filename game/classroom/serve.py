"""Play in the browser: ``negotiator serve`` runs the TUI through textual-serve.

Each browser tab gets its own ``negotiator`` process (textual-serve starts one per
connection), all saving into one saves folder, so the teacher can run
``negotiator report`` on that folder afterwards.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def child_command(
    saves_dir: Path, scenario: str | None, class_code: str | None, theme: str | None
) -> str:
    """The command each browser session runs: the title screen, in shared-saves mode."""
    parts = [sys.executable, "-m", "game", "--saves-dir", str(saves_dir), "--shared-saves"]
    if class_code:
        parts += ["--class", class_code]
    if scenario:
        parts += ["--scenario", scenario]
    if theme:
        parts += ["--theme", theme]
    return shlex.join(parts)


def offline_templates(target: Path) -> Path:
    """textual-serve's page template without its link to Google Fonts, so that nothing
    leaves the machine (the browser falls back to a local monospace font)."""
    import re

    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    html = source.read_text(encoding="utf-8")
    html = re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", "", html, flags=re.DOTALL)
    target.mkdir(parents=True, exist_ok=True)
    (target / "app_index.html").write_text(html, encoding="utf-8")
    return target


def quiet_closed_loop_hook(previous: Any) -> Any:
    """An unraisable-exception hook that drops one known message and passes on the rest.

    When the server stops while a browser tab is open, asyncio may collect that tab's
    child-process transport after its event loop has closed, and the transport's
    ``__del__`` then fails with "Event loop is closed". Python prints that as a
    traceback ("Exception ignored in ...") as the server exits, although nothing went
    wrong: the child has been told to stop, and the loop is gone. Everything else is
    handed to ``previous``."""

    def hook(unraisable: Any) -> None:
        exc = unraisable.exc_value
        where = getattr(unraisable.object, "__qualname__", "")
        if (
            isinstance(exc, RuntimeError)
            and str(exc) == "Event loop is closed"
            and where == "BaseSubprocessTransport.__del__"
        ):
            return
        previous(unraisable)

    return hook


def serve(
    host: str,
    port: int,
    saves_dir: Path,
    scenario: str | None,
    class_code: str | None,
    theme: str | None,
    public_url: str | None = None,
) -> int:
    import tempfile

    from textual_serve.server import Server

    command = child_command(saves_dir, scenario, class_code, theme)
    # For the rest of the process: the message comes as the server's objects are freed.
    sys.unraisablehook = quiet_closed_loop_hook(sys.unraisablehook)
    with tempfile.TemporaryDirectory(prefix="negotiator-serve-") as tmp:
        server = Server(
            command,
            host=host,
            port=port,
            title="negotiator",
            public_url=public_url,
            templates_path=offline_templates(Path(tmp)),
        )
        server.serve()
    return 0
