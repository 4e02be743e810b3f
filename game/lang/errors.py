class LangError(Exception):
    """A syntax or type error in an expression. ``code`` is the diagnostic code."""

    def __init__(self, message: str, col: int | None = None, code: str = "E301") -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.code = code

    def __str__(self) -> str:
        if self.col is None:
            return self.message
        return f"{self.message} (at column {self.col + 1})"
