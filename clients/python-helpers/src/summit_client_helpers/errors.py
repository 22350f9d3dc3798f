"""The API's error answers as an exception and as one line of text."""

from summit_client.models import Error


def explain(error: Error) -> str:
    """One line: each field's problem, or the error's detail when it names no field."""
    if error.errors:
        return "; ".join(f"{item.field or 'request'}: {item.message}" for item in error.errors)
    return error.detail


class ApiError(Exception):
    """An error answer (`error`), or no answer the client could read (`error` is None)."""

    def __init__(self, error: Error | None) -> None:
        self.error = error
        super().__init__(f"{error.status} {explain(error)}" if error else "no answer the client could read")
