"""Turn a document context (see ``accord.plans.documents``) into a PDF or a Word file.

The PDF is the ``plans/document.html`` template laid out by WeasyPrint, imported lazily
because the import alone takes over a second. WeasyPrint fetches nothing over the network: its
URL fetcher serves only Accord's own static files, read from disk, and refuses everything else.
The Word file is built with python-docx from the same context.
"""

import functools
import io
import re
import ssl
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accord.core.i18n import colon

TEMPLATE = "plans/document.html"

_CONTENT_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


# --- PDF --------------------------------------------------------------------------------------


def render_pdf(context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """The document as PDF bytes."""
    import weasyprint

    html = render_to_string(TEMPLATE, {**context, "print_view": False})
    base_url = _base_url(request)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=static_url_fetcher(base_url))
    return document.write_pdf()


def _base_url(request: HttpRequest | None) -> str:
    if request is not None:
        return request.build_absolute_uri("/")
    root = Path(settings.STATIC_ROOT or settings.BASE_DIR).resolve()
    return root.as_uri() + "/"


def static_url_fetcher(base_url: str) -> Any:
    """A WeasyPrint URL fetcher that serves static files from disk and refuses anything else.

    Accepted: URLs under ``STATIC_URL`` on the document's own origin (the site's host when the
    base URL comes from a request, or ``file:`` when it is the static root). Everything else,
    including other hosts, ``data:`` URLs and files outside the static folders, raises, and
    WeasyPrint leaves the resource out with a warning. It never opens a connection.
    """
    return _fetcher_class()(base_url)


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self, base_url: str) -> None:
            # A bare SSL context: the default one loads the system certificates (~40 ms) for
            # an HTTPS handler that fetch() below never uses.
            super().__init__(ssl_context=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), allow_redirects=False)
            base = urlsplit(base_url)
            self._origin = (base.scheme, base.netloc)

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            name = _static_name(url, self._origin)
            if name is None:
                raise ValueError(f"Refusing to fetch {url!r}: only Accord's static files are served.")
            path = _static_path(name)
            if path is None:
                raise FileNotFoundError(f"No static file {name!r}.")
            content_type = _CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyFetcher


def _static_name(url: str, origin: tuple[str, str]) -> str | None:
    """The static file name a URL points to, or None if it is not one of our static URLs."""
    static_url = settings.STATIC_URL or "/static/"
    parts = urlsplit(url)
    if urlsplit(static_url).scheme:  # STATIC_URL on another host (a CDN): the prefix must match
        if not url.startswith(static_url):
            return None
        name = urlsplit(url[len(static_url) :]).path
    else:
        prefix = "/" + static_url.lstrip("/")
        same_origin = (parts.scheme, parts.netloc) == origin
        local_file = parts.scheme == "file" and parts.netloc in ("", "localhost")
        if not (same_origin or local_file) or not parts.path.startswith(prefix):
            return None
        name = parts.path[len(prefix) :]
    name = unquote(name)
    if not name or "\\" in name or any(part in ("", ".", "..") for part in name.split("/")):
        return None
    return name


def _static_path(name: str) -> Path | None:
    """The file on disk for a static name: the app folders first, then STATIC_ROOT (where the
    hashed names of manifest storage live after collectstatic)."""
    found = finders.find(name)
    if found:
        return Path(found)
    try:
        path = Path(staticfiles_storage.path(name))
    except (NotImplementedError, ValueError, OSError):  # remote storage or an unsafe name
        return None
    return path if path.is_file() else None


# --- Word -------------------------------------------------------------------------------------

# Characters XML 1.0 forbids (python-docx refuses them): control characters other than
# tab, newline and carriage return, surrogates and the two non-characters.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def render_docx(context: dict[str, Any]) -> bytes:
    """The document as a Word (.docx) file."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = _clean(context["title"])
    doc.core_properties.author = _clean(
        ", ".join(context.get("parties", []))
        if context.get("kind") == "jrmp"
        else context.get("owner_name", "")
    )
    doc.core_properties.subject = _kind_label(context.get("kind", ""))
    numbered, bulleted = (doc.styles[name].style_id for name in ("List Number", "List Bullet"))

    # Cover
    doc.add_paragraph(_kind_label(context.get("kind", "")))
    doc.add_heading(_clean(context.get("cover_title") or context["title"]), level=0)
    _header_and_page_numbers(doc, context)
    if context.get("kind") == "jrmp":
        _labelled(doc, _("Parties"), ", ".join(_clean(p) for p in context.get("parties", [])))
        _labelled(doc, _("Collaboration"), _clean(context.get("owner_name", "")))
    else:
        _labelled(doc, _("Organization"), _clean(context.get("owner_name", "")))
    is_case = context.get("kind") == "business_case"
    _labelled(doc, _("Revision") if is_case else _("Version"), str(context.get("version", "")))
    _labelled(doc, _("Status"), _clean(str(context.get("status", ""))))
    if context.get("approved_at"):
        _labelled(doc, _("Approved on"), _date(context["approved_at"]))
    _labelled(doc, _("Date"), _date(context.get("generated_at")))
    if context.get("standing"):
        doc.add_paragraph().add_run(_clean(context["standing"])).bold = True
    if not is_case:  # a business case is short: no cover page or contents of its own
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(_("Contents"), level=1)
        for section in context.get("sections", []):
            _styled(doc, _clean(section["title"]), numbered)
        _styled(doc, _("Approval"), numbered)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Sections, numbered as in the contents (a business case is too short to number)
    for number, section in enumerate(context.get("sections", []), start=1):
        doc.add_heading(
            _clean(section["title"]) if is_case else f"{number}. {_clean(section['title'])}", level=1
        )
        if section.get("clause"):
            clause = doc.add_paragraph().add_run(_clean(section["clause"]))
            clause.italic = True
            clause.font.size = Pt(8)
        paragraphs = _paragraphs(section.get("text") or "")
        for text in paragraphs:
            run = doc.add_paragraph().add_run()
            for i, line in enumerate(text.split("\n")):
                if i:
                    run.add_break()  # a single newline stays a line break, as in the PDF
                run.add_text(line)
        if not paragraphs and not section.get("source_lines"):
            doc.add_paragraph().add_run(_("Not written yet.")).italic = True
        if section.get("source_lines"):
            label = _("From the records in Accord")
            if context.get("sources_as_of"):
                label = _("From the records in Accord, as they were on %(when)s") % {
                    "when": _date(context["sources_as_of"])
                }
            doc.add_paragraph().add_run(label).bold = True
            for line in section["source_lines"]:
                _styled(doc, _clean(line), bulleted)

    # Approval (a business case: its decision)
    decision = context.get("decision")
    doc.add_heading(
        _("Decision") if decision else f"{len(context.get('sections', [])) + 1}. {_('Approval')}", level=1
    )
    approvals = context.get("approvals", [])
    if decision:
        if decision.get("by"):
            doc.add_paragraph(
                _("%(status)s by %(who)s on %(when)s.")
                % {
                    "status": _clean(decision["status"]),
                    "who": _clean(decision["by"]),
                    "when": _date(decision["at"]),
                }
            )
        elif decision.get("decided"):
            doc.add_paragraph(_clean(decision["status"]) + ".")
        else:
            doc.add_paragraph().add_run(
                _("Not decided yet (status: %(status)s).") % {"status": _clean(decision["status"])}
            ).italic = True
    elif approvals:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, label in zip(
            table.rows[0].cells,
            (_("Party"), _("Senior executive responsible"), _("Approved by"), _("Date")),
            strict=True,
        ):
            cell.text = ""
            cell.paragraphs[0].add_run(label).bold = True
        for approval in approvals:
            cells = table.add_row().cells
            cells[0].text = _clean(approval.get("party", ""))
            cells[1].text = _clean(approval.get("ser", "")) or "—"
            cells[2].text = _clean(approval.get("approved_by", "")) or "—"
            cells[3].text = (
                _date(approval["approved_at"]) if approval.get("approved_at") else _("Not yet approved")
            )
    else:
        doc.add_paragraph().add_run(_("Not yet approved")).italic = True
    generated = doc.add_paragraph().add_run(
        _("Generated by Accord on %(when)s") % {"when": _datetime(context.get("generated_at"))}
    )
    generated.font.size = Pt(8)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _header_and_page_numbers(doc: Any, context: dict[str, Any]) -> None:
    """A running header (title, version, status) and "Page N of M" in the footer, as in the
    PDF: Word fills the PAGE and NUMPAGES fields when it lays the document out."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    # A4 with the PDF's margins; the cover has no header or footer, as in the PDF.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
        Mm(22),
        Mm(18),
        Mm(20),
        Mm(18),
    )
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(
        f"{_clean(context['title'])} · {_('revision') if context.get('kind') == 'business_case' else _('version')} "
        f"{context.get('version', '')} · {_clean(str(context.get('status', '')))}"
    )
    run.font.size = Pt(8)

    # "Page N of M" on every page, the first included (only the header is left off it).
    for footer in (section.footer.paragraphs[0], section.first_page_footer.paragraphs[0]):
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(_("Page") + " ").font.size = Pt(8)
        _field(footer, "PAGE")
        footer.add_run(" " + _("of") + " ").font.size = Pt(8)
        _field(footer, "NUMPAGES")


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), code)
    simple.append(OxmlElement("w:r"))
    paragraph._p.append(simple)


def _kind_label(kind: str) -> str:
    return {
        "jrmp": _("Joint relationship management plan"),
        "rmp": _("Relationship management plan"),
    }.get(kind, _("Business case"))


def _styled(doc: Any, text: str, style_id: str) -> Any:
    """A paragraph in a style given by id. python-docx's ``style="List Bullet"`` looks the
    name up by scanning every style (about 2 ms a paragraph): two thirds of the time for a
    plan with a few hundred team and contribution lines."""
    paragraph = doc.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _labelled(doc: Any, label: str, value: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}{colon()} ").bold = True
    paragraph.add_run(value)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs split on blank lines, as Django's ``linebreaks`` filter does for the PDF."""
    text = _clean(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    return [p.strip() for p in _BLANK_LINES.split(text) if p.strip()]


def _clean(value: Any) -> str:
    return _XML_INVALID.sub("", str(value or ""))


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if isinstance(value, datetime) and timezone.is_aware(value) else value


def _date(value: datetime | None) -> str:
    return formats.date_format(_local(value), "DATE_FORMAT") if value else ""


def _datetime(value: datetime | None) -> str:
    """A time of day with the zone it is shown in (the request's, accord.core.zones)."""
    if not value:
        return ""
    return f"{formats.date_format(_local(value), 'DATETIME_FORMAT')} ({timezone.get_current_timezone_name()})"
