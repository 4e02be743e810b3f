"""negotiator serve: a real server on a free loopback port, fetched over real HTTP."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float) -> str:
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode()
        except OSError as e:  # not listening yet
            last = e
            time.sleep(0.2)
    raise AssertionError(f"the server never answered: {last}")


def test_serve_answers_on_loopback_and_shuts_down_cleanly(tmp_path: Path):
    port = _free_port()
    saves = tmp_path / "class-saves"
    env = dict(os.environ)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "game",
            "serve",
            "tutorial",
            "--port",
            str(port),
            "--class",
            "10A",
            "--saves-dir",
            str(saves),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = _get(f"http://127.0.0.1:{port}/", time.monotonic() + 60)
        assert "<html" in page.lower()
        assert "negotiator" in page
        assert "googleapis" not in page  # nothing leaves the machine
        assert saves.is_dir()  # created up front, so the teacher knows where saves go
        # A browser session: the websocket starts a real negotiator process whose
        # title screen must come up (it once refused: "the title screen needs a terminal").
        screen = asyncio.run(_session_output(port, "New game", time.monotonic() + 90))
        assert "New game" in screen
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    assert "no authentication" not in err  # loopback: no warning


async def _session_output(port: int, want: str, deadline: float) -> str:
    import aiohttp

    seen = ""
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30") as ws,
    ):
        while time.monotonic() < deadline and want not in seen:
            try:
                msg = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break
            if msg.type == aiohttp.WSMsgType.BINARY:
                seen += msg.data.decode("utf-8", "replace")
            elif msg.type == aiohttp.WSMsgType.TEXT:
                seen += msg.data
            elif msg.type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.ERROR,
            ):
                break
    return seen


def test_serve_needs_a_public_url_with_an_unspecified_host(run_cli):
    r = run_cli("serve", "--host", "0.0.0.0", "--port", "8123")
    assert r.returncode == 2
    assert "--public-url" in r.stderr and "no authentication" in r.stderr


def test_serve_rejects_a_bad_port(run_cli):
    r = run_cli("serve", "--port", "0")
    assert r.returncode == 2
    assert "--port" in r.stderr


def test_serve_warns_when_exposed_beyond_loopback(monkeypatch, tmp_path: Path, capsys):
    import game.classroom.serve as srv
    from game.cli import main

    seen = {}
    monkeypatch.setattr(srv, "serve", lambda host, port, *a: seen.update(host=host, port=port) or 0)
    assert (
        main(["serve", "--host", "10.1.2.3", "--port", "8123", "--saves-dir", str(tmp_path)]) == 0
    )
    assert seen == {"host": "10.1.2.3", "port": 8123}
    assert "no authentication" in capsys.readouterr().err


def test_serve_child_command_and_loopback_rules():
    from game.classroom.serve import child_command, is_loopback

    assert (
        is_loopback("127.0.0.1")
        and is_loopback("localhost")
        and is_loopback("::1")
        and is_loopback("127.5.5.5")
    )
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    cmd = child_command(Path("/srv/saves"), "tutorial", "10 A", None)
    assert "--shared-saves" in cmd and "--saves-dir /srv/saves" in cmd and "'10 A'" in cmd


def test_the_closed_loop_message_at_exit_is_dropped_and_nothing_else():
    """Stopping the server with a tab open sometimes printed "Exception ignored in
    BaseSubprocessTransport.__del__ ... Event loop is closed" (about 1 stop in 5 on a
    busy machine); the hook drops exactly that."""
    import asyncio.base_subprocess
    from types import SimpleNamespace

    from game.classroom.serve import quiet_closed_loop_hook

    passed_on = []
    hook = quiet_closed_loop_hook(passed_on.append)
    known = SimpleNamespace(
        exc_value=RuntimeError("Event loop is closed"),
        object=asyncio.base_subprocess.BaseSubprocessTransport.__del__,
    )
    hook(known)
    assert passed_on == []
    others = [
        SimpleNamespace(exc_value=RuntimeError("something else"), object=known.object),
        SimpleNamespace(exc_value=ValueError("Event loop is closed"), object=known.object),
        SimpleNamespace(exc_value=RuntimeError("Event loop is closed"), object=print),
        SimpleNamespace(exc_value=RuntimeError("Event loop is closed"), object=None),
    ]
    for other in others:
        hook(other)
    assert passed_on == others
