#!/usr/bin/env python3
"""Write a generated scenario of N scenes, for benchmarks.

Usage: python bench/gen_scenario.py N [OUT_DIR]   (default OUT_DIR: bench/out/gen-N)

Each scene has 3 choices; each choice has a condition on a variable, 2 effects, a leader
response (two variants), and routes that depend on thresholds into 3 endings. The scene
graph is a chain with random extra links (seeded, so the same N gives the same file).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HEADER = """id: gen-{n}
title: "Generated scenario ({n} scenes)"
version: "1"
start: s0
roles:
  - {{id: player, name: "Player"}}
dimensions:
  - {{id: score, label: "Score"}}
variables:
  x: {{type: int, initial: 0, min: 0, max: 100, label: "X", show: status}}
  y: {{type: int, initial: 10, min: 0, max: 20, label: "Y", show: status}}
  z: {{type: bool, initial: false, label: "Z", show: value}}
leaders:
  l0:
    name: "Leader"
    variables:
      trust: {{type: int, initial: 0, min: -5, max: 5, label: "Trust", show: meter}}
endings:
  - {{id: end_high, title: "High", text: "x reached {{x}}", scores: {{score: "x"}}}}
  - {{id: end_low, title: "Low", text: "y ran out", scores: {{score: "y * 5"}}}}
  - {{id: end_flag, title: "Flag", text: "z and trust", scores: {{score: "50 + l0.trust * 10"}}}}
"""

CONDITIONS = ["x < 99", "y > 0", "not z or x > 10"]
EFFECTS = [("x += 4", "y -= 1"), ("x += 2", "l0.trust += 1"), ("z = true", "y += 1")]


def generate(n: int) -> str:
    rng = random.Random(n)
    out = [HEADER.format(n=n), "scenes:"]
    for i in range(n):
        out.append(f"  - id: s{i}")
        out.append(f'    title: "Scene {i}"')
        out.append("    present: [l0]")
        out.append(f'    text: "Scene {i}. X is {{x}} and Y is {{y}}."')
        out.append("    choices:")
        for k in range(3):
            nxt = (i + 1) % n if k == 0 else rng.randrange(n)
            e1, e2 = EFFECTS[k]
            out.append(f"      - id: s{i}_c{k}")
            out.append(f'        text: "Option {k} in scene {i}"')
            out.append(f'        requires: "{CONDITIONS[k]}"')
            out.append(f'        effects: ["{e1}", "{e2}"]')
            out.append("        responses:")
            out.append("          l0:")
            out.append(
                '            - {if: "l0.trust >= 3", text: "Agreed.", because: "trust", effects: ["l0.trust -= 1"]}'
            )
            out.append('            - {text: "Hmm.", because: "caution"}')
            out.append("        next:")
            out.append('          - {if: "x >= 96", to: end_high}')
            out.append('          - {if: "y <= 0", to: end_low}')
            out.append('          - {if: "z and l0.trust >= 5", to: end_flag}')
            out.append(f"          - {{to: s{nxt}}}")
    return "\n".join(out) + "\n"


def write(n: int, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "scenario.yaml").write_text(generate(n))
    return out_dir


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    try:
        n = int(sys.argv[1])
    except ValueError:
        sys.exit(f"N must be a whole number of scenes, not {sys.argv[1]!r}\n\n{__doc__}")
    if n < 1:
        sys.exit(f"N must be at least 1, not {n}")
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent / "out" / f"gen-{n}"
    print(write(n, out))
