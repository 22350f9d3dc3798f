"""Parameters of SQL compiled once with placeholders (summit/api/page_sql.py): which parameter
each request value fills (`Slot`), found (`slotted`), checked (`takes`) and filled (`filled`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from psycopg.types.numeric import Int2, Int4, Int8

# The integer types Django's PostgreSQL backend binds some columns' values with, and their ranges.
INTEGER_RANGES: dict[type, int] = {Int2: 2**15, Int4: 2**31, Int8: 2**63}


@dataclass(frozen=True)
class Slot:
    """Where a request's value goes among the parameters, and the type the ORM gave it there
    (`cast`: psycopg's `Int4` for an int4 column's value, which binds it with that type)."""

    name: str
    cast: type | None = None

    def fill(self, value: Any) -> Any:
        return value if self.cast is None else self.cast(value)

    def takes(self, value: Any) -> bool:
        """Whether `value` fits the slot's type: out of an integer column's range the ORM writes
        another condition (nothing or everything matches) instead of binding it."""
        bound = INTEGER_RANGES.get(self.cast) if self.cast is not None else None
        return bound is None or -bound <= value < bound


def slotted(params, placeholders: Mapping[str, Any]) -> tuple[Any, ...]:
    """`params` with each parameter equal to a placeholder (name -> value) turned into its slot.

    Raises ValueError when a parameter was made from a placeholder (the query transformed a value)
    or a placeholder reaches no parameter (the query changed or dropped it)."""
    found: set[str] = set()
    compiled: list[Any] = []
    for param in params:
        name = next((n for n, v in placeholders.items() if is_stand_in(param, v)), None)
        if name is not None:
            found.add(name)
            compiled.append(Slot(name, None if type(param) is type(placeholders[name]) else type(param)))
            continue
        if isinstance(param, str) and any(isinstance(v, str) and v in param for v in placeholders.values()):
            raise ValueError(
                f"A parameter was made from a placeholder: {param!r}; values must reach the SQL as given."
            )
        compiled.append(param)
    if missing := set(placeholders) - found:
        raise ValueError(f"Placeholders that reach no parameter: {sorted(missing)}.")
    return tuple(compiled)


def is_stand_in(param: Any, placeholder: Any) -> bool:
    """Whether the parameter is the placeholder, as given or wrapped in a type of the ORM's."""
    return (type(param) is type(placeholder) or type(param) in INTEGER_RANGES) and param == placeholder


def filled(params: tuple[Any, ...], values: Mapping[str, Any]) -> list[Any]:
    """`params` with `values` (by slot name) in their slots."""
    return [p.fill(values[p.name]) if isinstance(p, Slot) else p for p in params]


def takes(params: tuple[Any, ...], values: Mapping[str, Any]) -> bool:
    """Whether every value of `values` fits its slot among `params` (see `Slot.takes`)."""
    return all(p.takes(values[p.name]) for p in params if isinstance(p, Slot))
