"""The French catalogue has a translation for every string makemessages extracts."""

import shutil

import polib
import pytest

from accord.guidance.translatable import MODULE, module_source
from tests.i18n.catalogue import CATALOGUE, extract, problems

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (make test installs it)"
)


def test_every_extracted_string_has_a_french_translation(tmp_path):
    extracted = extract(tmp_path)
    assert len(extracted) > 1000  # the extraction worked
    found = problems(extracted, polib.pofile(str(CATALOGUE)))
    assert not found, (
        f"{len(found)} of {len(extracted)} strings lack French (run `make translations`, then translate):\n"
        + "\n".join(found[:200])
    )


def test_the_guidance_strings_module_is_up_to_date():
    assert MODULE.read_text(encoding="utf-8") == module_source(), (
        "accord/guidance/strings.py is stale: run `manage.py guidance_strings` and `make translations`"
    )


def test_problems_names_missing_fuzzy_empty_and_wrong_placeholders():
    extracted = polib.POFile()
    for msgid in ("Plans", "Risks", "Hello %(name)s", "Value", "Kept"):
        extracted.append(polib.POEntry(msgid=msgid, occurrences=[("a.py", "1")]))
    committed = polib.POFile()
    committed.append(polib.POEntry(msgid="Risks", msgstr="Risques", flags=["fuzzy"]))
    committed.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Bonjour %(nom)s"))
    committed.append(polib.POEntry(msgid="Value", msgstr=""))
    committed.append(polib.POEntry(msgid="Kept", msgstr="Gardé"))
    assert [p.split(":")[0] for p in problems(extracted, committed)] == [
        "missing",
        "fuzzy",
        "placeholders differ",
        "untranslated",
    ]
