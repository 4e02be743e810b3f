"""docs/authoring.md lists every diagnostic code with the same meaning as CODES."""

from __future__ import annotations

import re
from pathlib import Path

from game.model.diagnostics import CODES

DOC = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def _table() -> dict[str, tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Diagnostic codes\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\| ([EW]\d{3}) \| (.+?) \| (.+?) \|$", line)
        if m:
            assert m.group(1) not in rows, f"{m.group(1)} is listed twice"
            rows[m.group(1)] = (m.group(2), m.group(3))
    return rows


def test_docs_list_every_code_with_its_meaning():
    rows = _table()
    assert sorted(rows) == sorted(CODES)
    for code, (meaning, example) in rows.items():
        assert meaning == CODES[code], code
        assert example.strip(), code


def test_codes_are_well_formed():
    for code, meaning in CODES.items():
        assert re.fullmatch(r"[EW]\d{3}", code)
        assert meaning and meaning == meaning.strip() and "|" not in meaning
