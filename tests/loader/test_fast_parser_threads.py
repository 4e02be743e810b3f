"""yaml-rs 0.1.6 segfaults when first imported in a thread that exits and is then used
again. The loader must only import it on the main thread; loading from short-lived
worker threads (as the TUI does) must not crash the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import threading
def load():
    from game.loader import load
    load("tutorial")
for i in range(3):
    t = threading.Thread(target=load)
    t.start()
    t.join()
from game.loader.yamlsrc import FAST_AVAILABLE
print("ok", FAST_AVAILABLE)
"""


def test_loading_from_short_lived_threads_does_not_crash():
    # The cache off: each load reads the YAML files.
    env = {**os.environ, "NEGOTIATOR_CACHE_DIR": "off"}
    p = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert p.returncode == 0, (p.returncode, p.stderr[-2000:])
    # first imported on a worker thread: the fast parser stays off for this process
    assert p.stdout.strip() == "ok False"


def test_main_thread_import_enables_the_fast_parser():
    p = subprocess.run(
        [
            sys.executable,
            "-c",
            "from game.loader.yamlsrc import FAST_AVAILABLE; print(FAST_AVAILABLE)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.stdout.strip() == "True"
