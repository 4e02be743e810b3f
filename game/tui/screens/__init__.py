"""One screen per module: title, new_game, loading, game, why, log, help, ending, error."""
