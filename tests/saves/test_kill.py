"""Kill writers with SIGKILL in the middle of repeated saves, many times: every save
file left behind must load and replay."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.saves.replay import rebuild
from game.saves.store import TEMP_PREFIX, SaveStore, load_save

ROOT = Path(__file__).resolve().parents[2]
KILLS = 40


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_killed_writers_never_leave_a_broken_save(tmp_path):
    saves = tmp_path / "saves"
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("kill_writer.py")), str(saves)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    rng = random.Random(5)
    try:
        assert server.stdout.readline().strip() == "ready"
        for _ in range(KILLS):
            server.stdin.write("fork\n")
            server.stdin.flush()
            pid = int(server.stdout.readline().split()[1])
            assert server.stdout.readline().strip() == f"go {pid}"  # it has saved once
            # Let it run for a random while: the kill lands at a random point of its
            # save loop (often in the middle of writing a file). The result must not
            # depend on where.
            time.sleep(rng.uniform(0, 0.03))
            os.kill(pid, signal.SIGKILL)
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    store = SaveStore(saves)
    files = sorted(p for p in saves.iterdir() if not p.name.startswith(TEMP_PREFIX))
    assert {p.name for p in files} <= {"a.json", "b.json", "c.json", "copy-1.json", "copy-2.json"}
    assert len(files) >= 3
    for p in files:
        r = rebuild(load_save(p))  # raises if a file is torn
        assert not r.inconsistencies, p.name
    assert all(i.ok for i in store.list())  # temp files left by a kill are not listed
