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
class Step:
    """A "how to" step; ``screen`` names the page where it is done (a URL name whose only
    argument, if any, is the organization or the collaboration: see ``views.go``)."""

    text: str
    screen: str = ""

    def __str__(self) -> str:
        return str(self.text)


def _step(value: Any) -> Step:
    return Step(**value) if isinstance(value, dict) else Step(value)


@dataclass(frozen=True)
class Principle:
    key: str
    number: int
    clause: str
    name: str
    summary: str
    what: str
    why: str
    how: tuple[Step, ...]
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
        Principle(**{**p, "how": tuple(map(_step, p["how"])), "stages": tuple(p["stages"])})
        for p in data["principles"]
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


@dataclass(frozen=True)
class Term:
    """A word of the standards or of Accord in plain words, with a small firm's example."""

    key: str
    term: str
    plain: str
    example: str
    clause: str


@dataclass(frozen=True)
class Worksheet:
    """Steps a person follows in Accord (each may open a screen), with a worked example
    (``example``: title, text, and optionally a table of ``header`` and ``rows``) or a list
    of ``items`` (questions, agenda points, benefits to pick from)."""

    key: str
    title: str
    clause: str
    principle: str
    purpose: str
    steps: tuple[Step, ...]
    example: dict[str, Any] = field(default_factory=dict)
    items: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # the screens' guidance notes that point to it

    @property
    def text(self) -> str:
        example = self.example or {}
        cells = [c for row in example.get("rows", ()) for c in row]
        parts = [
            self.title,
            self.purpose,
            *self.steps,
            *self.items,
            example.get("title", ""),
            example.get("text", ""),
        ]
        return " ".join(map(str, [*parts, *cells]))


@cache
def glossary() -> tuple[Term, ...]:
    return tuple(Term(**t) for t in lazy(_load("glossary.yaml"))["terms"])


@cache
def worksheets() -> tuple[Worksheet, ...]:
    return tuple(
        Worksheet(
            **{
                **w,
                "steps": tuple(map(_step, w["steps"])),
                "items": tuple(w.get("items", ())),
                "topics": tuple(w.get("topics", ())),
            }
        )
        for w in lazy(_load("worksheets.yaml"))["worksheets"]
    )


def worksheet(key: str) -> Worksheet | None:
    return next((w for w in worksheets() if w.key == key), None)


def screens() -> set[str]:
    """The URL names the guidance's steps open (principles' "how to" and worksheets)."""
    steps = [s for p in principles() for s in p.how] + [s for w in worksheets() for s in w.steps]
    return {s.screen for s in steps if s.screen}


@cache
def versions() -> dict[str, int]:
    names = ("principles", "stages", "topics", "worksheets", "glossary")
    return {name: _load(f"{name}.yaml")["version"] for name in names}


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


def search_worksheets(query: str) -> list[Worksheet]:
    """Worksheets whose text holds every word of ``query`` (case-insensitive)."""
    words = [w.lower() for w in query.split() if w.strip()]
    return [w for w in worksheets() if all(word in w.text.lower() for word in words)]
