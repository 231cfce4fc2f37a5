"""Demo and benchmark data of assessments (filled below)."""

from typing import Any


def run(world: Any) -> None:
    return None


def bench(world: Any) -> None:
    return None
