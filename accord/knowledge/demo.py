"""The knowledge app's part of the demo world and of the benchmark data."""

from typing import Any


def run(world: Any) -> None:
    pass


def bench(world: Any) -> None:
    pass
