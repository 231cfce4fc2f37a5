"""The guidance library: principles, life-cycle stages and screen topics, from versioned
YAML files in ``accord/guidance/data`` (written in our own words; clause numbers cited).
Texts are lazy translations (``accord.guidance.translatable``): they render in the reader's
language."""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from accord.guidance.translatable import lazy

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Principle:
    key: str
    number: int
    clause: str
    name: str
    summary: str
    what: str
    why: str
    how: tuple[str, ...]
    stages: tuple[int, ...]

    @property
    def text(self) -> str:
        return " ".join(map(str, [self.name, self.summary, self.what, self.why, *self.how, self.clause]))


@dataclass(frozen=True)
class GateCheck:
    """A question to answer before leaving a stage. ``check`` names a fact Accord can read
    from its records (apps answer them through ``registry.gate_checks``); most have none."""

    text: str
    check: str = ""

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True)
class LifecycleStage:
    number: int
    key: str
    name: str
    phase: str
    clause: str
    purpose: str
    activities: tuple[str, ...]
    gate_checks: tuple[GateCheck, ...]
    principles: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return " ".join(map(str, [self.name, self.purpose, *self.activities, *self.gate_checks, self.clause]))


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    text: str
    clause: str
    principle: str


def _load(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def principles() -> tuple[Principle, ...]:
    data = lazy(_load("principles.yaml"))
    return tuple(
        Principle(**{**p, "how": tuple(p["how"]), "stages": tuple(p["stages"])}) for p in data["principles"]
    )


@cache
def stages() -> tuple[LifecycleStage, ...]:
    data = lazy(_load("stages.yaml"))
    return tuple(
        LifecycleStage(
            **{
                **s,
                "activities": tuple(s["activities"]),
                "gate_checks": tuple(
                    GateCheck(**g) if isinstance(g, dict) else GateCheck(g) for g in s["gate_checks"]
                ),
                "principles": tuple(s.get("principles", ())),
            }
        )
        for s in data["stages"]
    )


@cache
def topics() -> dict[str, Topic]:
    return {t["key"]: Topic(**t) for t in lazy(_load("topics.yaml"))["topics"]}


@cache
def versions() -> dict[str, int]:
    return {name: _load(f"{name}.yaml")["version"] for name in ("principles", "stages", "topics")}


def principle(key: str) -> Principle | None:
    return next((p for p in principles() if p.key == key), None)


def stage(number: int) -> LifecycleStage | None:
    return next((s for s in stages() if s.number == number), None)


def topic(key: str) -> Topic:
    try:
        return topics()[key]
    except KeyError:
        raise LookupError(f"No guidance topic {key!r} in topics.yaml") from None


def search(query: str) -> tuple[list[Principle], list[LifecycleStage]]:
    """Principles and stages whose text holds every word of ``query`` (case-insensitive)."""
    words = [w.lower() for w in query.split() if w.strip()]
    if not words:
        return list(principles()), list(stages())

    def hit(text: str) -> bool:
        low = text.lower()
        return all(w in low for w in words)

    return [p for p in principles() if hit(p.text)], [s for s in stages() if hit(s.text)]
