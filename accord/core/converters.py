"""URL converter for database ids: at most 18 digits, so that an absurd id is a plain 404
rather than an integer the database cannot hold."""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def parse_id(value: object) -> int | None:
    """A positive database id from user input, or None."""
    try:
        number = int(str(value).strip()) if str(value).strip().isascii() else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and 0 < number <= MAX_ID else None


register_converter(IdConverter, "id")
