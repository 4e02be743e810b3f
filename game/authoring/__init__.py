"""Author tools on top of the engine: validate, playtest, graph, schema."""
