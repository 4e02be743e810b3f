"""A fork server for the kill test (tests/saves/test_kill.py); not a test itself.

It imports everything once, then for each "fork" line on stdin forks a writer that
plays random tutorial games through SaveSession (autosaving after every turn, undoing
now and then, writing named copies) until it is killed, and prints the writer's pid.
The writer prints "go PID" once its first save is on disk.
"""

from __future__ import annotations

import os
import random
import signal
import sys

from game.loader import load
from game.saves.session import SaveSession
from game.saves.store import SaveStore


def writer(store: SaveStore, cs, seed: int) -> None:
    rng = random.Random(seed)
    announced = False
    while True:
        s = SaveSession.new(
            cs,
            None,
            rng.randrange(1000),
            store=store,
            name=rng.choice("abc"),
            overwrite=True,
            player="k" * rng.randrange(1, 90),
        )
        while not s.game.finished:
            if s.can_undo and rng.random() < 0.2:
                s.undo()
            else:
                s.choose(rng.choice(s.game.available()).id)
            if rng.random() < 0.2:
                s.save_as(rng.choice(["copy-1", "copy-2"]), overwrite=True)
            if not announced:
                print(f"go {os.getpid()}", flush=True)
                announced = True


def main() -> None:
    store = SaveStore(sys.argv[1])
    cs = load("tutorial")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped at once
    print("ready", flush=True)
    for n, line in enumerate(sys.stdin):
        if line.strip() != "fork":
            break
        pid = os.fork()
        if pid == 0:
            try:
                writer(store, cs, n)
            finally:
                os._exit(0)
        print(f"pid {pid}", flush=True)


if __name__ == "__main__":
    main()
