"""Find the clause citations in Accord's text ("ISO 44003 5.1.3.3 f", "ISO 44001 8.3–8.10",
"ISO/TR 44000", "(5.1.3.3 f)") so that a test can hold each one against the checked list in
``data/clauses.yaml``: every clause the product may cite, with the topic it covers."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from accord.guidance.library import _load

_STANDARD = re.compile(r"ISO(?:/TR)?\s?440\d\d")
# One clause: "5.1.3.3", "8", "Introduction", "Annex A", each maybe with a list item ("f")
# or a range of them ("a–g").
_CLAUSE = re.compile(
    r"\s*(?:clause\s+)?(?P<number>\d+(?:\.\d+)*(?!\d)|Introduction|Annex [A-Z])"
    r"(?:\s(?P<item>[a-g])(?:\s?[–-]\s?(?P<item_to>[a-g]))?(?![\w]))?"
)
# What joins two clauses of the same standard.
_JOIN = re.compile(r"\s*(?:,|–|-|\bto\b|\band\b)\s*")
# A clause cited alone in parentheses: "(5.1.3.3 f)" is ISO 44003, "(8.7)" ISO 44001.
_BARE = re.compile(r"(?<![\w.])\(\s*(?=[58]\.\d)")
_BARE_STANDARD = {"5": "ISO 44003", "8": "ISO 44001"}


@dataclass(frozen=True)
class Citation:
    standard: str
    clause: str = ""
    item: str = ""

    @property
    def ref(self) -> str:
        return " ".join(x for x in (self.standard, self.clause, self.item) if x)


def _clauses(text: str, pos: int, standard: str) -> Iterator[Citation]:
    first = True
    while True:
        if not first:
            join = _JOIN.match(text, pos)
            if not join:
                return
            pos = join.end()
        match = _CLAUSE.match(text, pos)
        if not match:
            return
        first = False
        pos = match.end()
        number, item, item_to = match["number"], match["item"] or "", match["item_to"] or ""
        yield Citation(standard, number)
        if item:
            for letter in map(chr, range(ord(item), ord(item_to or item) + 1)):
                yield Citation(standard, number, letter)


def citations(text: str) -> list[Citation]:
    """Every citation in ``text``: the standard alone when it is named without a clause."""
    found: list[Citation] = []
    for match in _STANDARD.finditer(text):
        standard = re.sub(r"\s", " ", match.group()).replace("ISO44", "ISO 44")
        cited = list(_clauses(text, match.end(), standard))
        found.extend(cited or [Citation(standard)])
    for match in _BARE.finditer(text):
        standard = _BARE_STANDARD[text[match.end()]]
        found.extend(_clauses(text, match.end(), standard))
    return found


@cache
def checked() -> dict[str, str]:
    """The clauses Accord may cite (``ref`` → the topic each covers), from clauses.yaml."""
    return {c["ref"]: c["topic"] for c in _load("clauses.yaml")["clauses"]}


ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".py", ".html", ".yaml", ".yml", ".txt", ".md"}


def cited_files() -> Iterator[Path]:
    """The files whose text people read or that define what they read: every source, template
    and data file of ``accord``, except tests and migrations (history, not text shown)."""
    for path in sorted(ROOT.rglob("*")):
        parts = set(path.relative_to(ROOT).parts)
        if path.suffix in SUFFIXES and not parts & {"tests", "migrations", "locale", "static"}:
            yield path


def unchecked() -> list[tuple[str, int, str]]:
    """(file, line, citation) for every citation outside the checked list."""
    allowed = checked()
    out = []
    for path in cited_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for citation in citations(line):
                if citation.ref not in allowed:
                    out.append((str(path.relative_to(ROOT.parent)), number, citation.ref))
    return out
