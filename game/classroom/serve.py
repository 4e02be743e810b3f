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
