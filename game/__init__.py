"""negotiator: a terminal text-adventure policy simulator.

Layers (imports point one way, downwards in this list):

- ``game.tui``, ``game.cli``: thin shells.
- ``game.saves``, ``game.classroom``, ``game.plain``, ``game.authoring``: tools on the engine.
- ``game.loader``: files on disk -> content models, with file:line diagnostics.
- ``game.engine``: compiled scenario, game state, turns. Pure: no I/O, no Textual, no Rich.
- ``game.lang``: the expression language. Pure.
- ``game.model``: the content schema as pydantic models. Pure.
"""

__version__ = "0.1.0"
