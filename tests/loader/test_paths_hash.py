"""The content hash: saves keep it, so it must stay the SHA-256 of the files' paths and
contents whichever code works it out (CPython's own below SMALL_INPUT, OpenSSL's through
hashlib above), and a game started from the cache must not load OpenSSL at all."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from game.loader.paths import (
    SMALL_INPUT,
    content_hash,
    resolve_scenario_path,
    scenario_files,
    sha256_hex,
)

ROOT = Path(__file__).resolve().parents[2]


def hashlib_content_hash(root: Path, files: list[Path]) -> str:
    """The content hash as it was first defined (and as every save made so far has it)."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@pytest.mark.parametrize("name", ["oil-2017", "tutorial"])
def test_the_content_hash_of_a_bundled_scenario_is_unchanged(name):
    root = resolve_scenario_path(name)
    files = scenario_files(root)
    assert content_hash(root, files) == hashlib_content_hash(root, files)


@pytest.mark.parametrize(
    "size", [0, 1, 63, 64, 65, 1000, SMALL_INPUT - 1, SMALL_INPUT, SMALL_INPUT + 1, 3 << 20]
)
def test_sha256_hex_is_sha256_on_both_sides_of_the_threshold(size):
    data = bytes((i * 7 + 3) % 256 for i in range(size))
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_a_big_scenario_hashes_the_same(tmp_path):
    (tmp_path / "scenario.yaml").write_text("id: big\n")
    (tmp_path / "scenes.yaml").write_bytes(b"# padding\n" * (SMALL_INPUT // 5))
    files = scenario_files(tmp_path)
    assert content_hash(tmp_path, files) == hashlib_content_hash(tmp_path, files)


def test_a_start_from_the_cache_does_not_load_openssl(tmp_path):
    code = (
        "import sys\n"
        "from game.loader import load\n"
        "load('oil-2017')\n"
        "print('_hashlib' in sys.modules, 'hmac' in sys.modules)\n"
    )
    env = {"NEGOTIATOR_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
        )
        for _ in range(2)  # the first reads the files (YAML, pydantic) and fills the cache
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert runs[1].stdout.split() == ["False", "False"]
