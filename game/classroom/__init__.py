"""The classroom: tools for a teacher running the game with a class.

- :mod:`game.classroom.report`: the class report. Collects save files, verifies each one
  by replaying it through the engine, and aggregates the good ones (endings, scores,
  choices, paths, the historical record, class votes). No Rich or Textual.
- :mod:`game.classroom.render`: the report as a terminal table, Markdown, CSV, HTML or
  JSON.
"""

from game.classroom.report import (
    ClassReport,
    GameLine,
    Problem,
    ReportError,
    ScenarioSummary,
    Skipped,
    build_report,
)

__all__ = [
    "ClassReport",
    "GameLine",
    "Problem",
    "ReportError",
    "ScenarioSummary",
    "Skipped",
    "build_report",
]
