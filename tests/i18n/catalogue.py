"""Extract the strings to translate the way `make translations` does (Django's makemessages),
into a temporary directory, and compare them with the committed French catalogue."""

import os
import re
from pathlib import Path

import polib
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# Same list as the Makefile's `translations` target.
IGNORE = [".venv", "node_modules", "benchmarks", "var", "staticfiles", "tests", "*/tests/*"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|%[sd]|\{\w+\}")


def extract(into: Path) -> polib.POFile:
    """A fresh extraction of the sources (accord/, config/) as makemessages writes it."""
    for name in ("accord", "config"):
        (into / name).symlink_to(ROOT / name, target_is_directory=True)
    here = os.getcwd()
    os.chdir(into)
    try:
        with override_settings(LOCALE_PATHS=[into / "locale"]):
            call_command("makemessages", locale=["fr"], symlinks=True, ignore_patterns=IGNORE, verbosity=0)
    finally:
        os.chdir(here)
    return polib.pofile(str(into / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def problems(extracted: polib.POFile, committed: polib.POFile) -> list[str]:
    """Each extracted string the catalogue lacks, has fuzzy or empty, or translates with other
    placeholders than the English (a French page would then fail or show a raw %(name)s)."""
    known = {key(e): e for e in committed if not e.obsolete}
    found = []
    for entry in extracted:
        where = entry.occurrences[0][0] + ":" + entry.occurrences[0][1] if entry.occurrences else "?"
        french = known.get(key(entry))
        if french is None:
            found.append(f"missing: {entry.msgid!r} ({where})")
            continue
        if "fuzzy" in french.flags:
            found.append(f"fuzzy: {entry.msgid!r} ({where})")
            continue
        texts = list(french.msgstr_plural.values()) if french.msgid_plural else [french.msgstr]
        if not texts or not all(t.strip() for t in texts):
            found.append(f"untranslated: {entry.msgid!r} ({where})")
            continue
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in texts:
            # A plural's singular may name the count as a word ("une"), so fewer is allowed there.
            got = sorted(PLACEHOLDER.findall(text))
            if got != wanted and not (french.msgid_plural and set(got) <= set(wanted)):
                found.append(f"placeholders differ: {entry.msgid!r} → {text!r}")
    return found
