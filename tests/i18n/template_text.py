"""Find text a person reads in a template that is not marked for translation.

The template is cut into Django tokens; every tag, variable and comment becomes a neutral
placeholder (the text of ``{% blocktranslate %}…{% endblocktranslate %}`` too), keeping the
line breaks; what is left is parsed as HTML. Letters in a text node (outside script and style)
or in an attribute a person reads (title, placeholder, aria-label, alt, data-confirm, the value
of a button) are untranslated text."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "aria-description", "data-confirm", "label"}
BUTTON_INPUTS = {"submit", "button", "reset"}
WORD = re.compile(r"[^\W\d_]{2,}")
# Names that are the same in every language (the product, standards, file formats).
ALLOWED = {"Accord", "ISO", "TR", "CSV", "Excel", "PDF", "API", "JSON", "YAML"}
# Code and samples of a file format are not prose.
CODE = {"code", "pre", "kbd", "samp"}
PLACEHOLDER = "\x1a"


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _neutral(source: str) -> str:
    """The template with every Django token replaced by a placeholder (same line breaks)."""
    out: list[str] = []
    depth = 0  # inside blocktranslate or comment
    for token in Lexer(source).tokenize():
        raw = token.token_type
        contents = token.contents
        if raw == TokenType.BLOCK:
            name = contents.split()[0] if contents.split() else ""
            full = "{%" + contents + "%}"
            if name in {"blocktranslate", "blocktrans", "comment"}:
                depth += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
                depth -= 1
            out.append(PLACEHOLDER + "\n" * full.count("\n"))
            continue
        if raw == TokenType.TEXT:
            if depth:
                out.append(PLACEHOLDER + "\n" * contents.count("\n"))
            else:
                out.append(contents)
            continue
        if raw == TokenType.VAR:
            out.append(PLACEHOLDER + "\n" * contents.count("\n"))
            continue
        out.append("\n" * contents.count("\n"))  # a {# comment #}
    return "".join(out)


def _has_words(text: str) -> bool:
    words = [w for w in WORD.findall(text.replace(PLACEHOLDER, " ")) if w not in ALLOWED]
    return bool(words)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.raw_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"} | CODE:
            self.raw_depth += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if not value:
                continue
            read = name in READ_ATTRIBUTES or (
                name == "value" and tag == "input" and (attributes.get("type") or "") in BUTTON_INPUTS
            )
            if read and _has_words(value):
                self.found.append((self.getpos()[0], f"{name}={value.strip()}"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"} | CODE:
            self.raw_depth -= 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} | CODE and self.raw_depth:
            self.raw_depth -= 1

    def handle_data(self, data):
        if not self.raw_depth and _has_words(data):
            line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
            self.found.append((line, data.strip().replace(PLACEHOLDER, "…")))


def untranslated(path: Path) -> list[Finding]:
    scanner = _Scanner()
    scanner.feed(_neutral(path.read_text(encoding="utf-8")))
    scanner.close()
    return [Finding(path, line, text) for line, text in scanner.found]
