"""The language to write to a person in: what they chose on their account, else the language
of the request at hand (the sender's, or the browser's), else the site's default.

E-mails and documents are built inside ``in_language_of(person)`` so that a French-speaking
person gets French whoever (or whichever background task) sends it.
"""

from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation


def language_of(person: Any) -> str:
    """The person's chosen language, or the active one when they chose none."""
    chosen = getattr(person, "language", "") or ""
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return translation.get_language() or settings.LANGUAGE_CODE


def in_language_of(person: Any) -> AbstractContextManager:
    return translation.override(language_of(person))


def in_language_of_address(email: str) -> AbstractContextManager:
    """For an e-mail to an address: its account's language if it has one (one query)."""
    person = get_user_model().objects.filter(email__iexact=email.strip()).only("language").first()
    return in_language_of(person)


def colon() -> str:
    """The colon after a label as the active language writes it: ":" in English, a no-break
    space and ":" in French ("Statut : ouvert"). Pages write ``{% translate "Owner" %}{% colon %}``,
    code ``f"{label}{colon()} {value}"``, so English stays as it was."""
    return translation.pgettext("colon after a label", ":")


def semicolon() -> str:
    """The semicolon between items of a list, as the language writes it (French puts a
    no-break space before it too): ``f"{semicolon()} ".join(items)``, ``{% semicolon %}``."""
    return translation.pgettext("semicolon between items", ";")


def compile_catalogues(*, force: bool = False) -> list[str]:
    """Compile every ``locale/*/LC_MESSAGES/*.po`` into its ``.mo`` (build output, git-ignored)
    with polib, in pure Python: no GNU gettext needed to run Accord. A ``.mo`` newer than its
    ``.po`` is kept unless ``force``. Written to a temporary file and renamed, so that parallel
    test processes never read half a file. Returns the paths written."""
    import os
    import tempfile
    from pathlib import Path

    import polib

    written = []
    for locale_dir in settings.LOCALE_PATHS:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            catalogue = polib.pofile(str(po_path))
            handle, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
            os.close(handle)
            try:
                catalogue.save_as_mofile(temporary)
                os.replace(temporary, mo_path)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
            written.append(str(mo_path))
    return written
