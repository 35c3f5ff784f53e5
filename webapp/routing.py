"""URL converters shared by every blueprint."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

# The largest id an INTEGER column holds on every database we run on
# (PostgreSQL's is 32-bit): a larger number in a URL cannot name a row.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` bounded to the ids a table can hold: a larger number is a 404, not a
    database error."""

    # Ten digits at most: a longer number matches no route at all (MAX_ID has ten).
    regex = r"\d{1,10}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID,
                 signed: bool = False) -> None:  # noqa: A002 - werkzeug's argument names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def parse_id(value: object) -> int | None:
    """An id sent in a form or JSON body, or None when it cannot name a row."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None
