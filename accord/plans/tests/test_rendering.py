"""The PDF and Word renderings of a plan document, from hand-built contexts (no database)."""

import io
import re
import socket
from datetime import UTC, datetime

import docx
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from pypdf import PdfReader

from accord.plans import rendering
from accord.plans.rendering import render_docx, render_pdf, static_url_fetcher

WHEN = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def make_context(**overrides):
    context = {
        "kind": "jrmp",
        "title": "Brightwave and Lumen joint plan",
        "owner_name": "Brightwave",
        "parties": ["Brightwave", "Lumen"],
        "version": 3,
        "status": "In review",
        "approved_at": None,
        "generated_at": WHEN,
        "sections": [
            {
                "key": "context",
                "title": "Context",
                "clause": "ISO 44003 5.1.3.3",
                "text": "Why we work together: shared depots.\n\nSecond paragraph about scope.",
                "source": "",
                "source_lines": [],
            },
            {
                "key": "organisation",
                "title": "Joint organization",
                "clause": "ISO 44003 5.1.3.3",
                "text": "The team meets weekly.",
                "source": "joint_team",
                "source_lines": ["Ana (Brightwave) — lead", "Jo (Lumen) — deputy"],
            },
            {
                "key": "exit",
                "title": "Exit strategy",
                "clause": "ISO 44003 5.12",
                "text": "",
                "source": "",
                "source_lines": [],
            },
        ],
        "approvals": [
            {"party": "Brightwave", "ser": "Ana Owner", "approved_by": "Ana Owner", "approved_at": WHEN},
            {"party": "Lumen", "ser": "Jo Owner", "approved_by": "", "approved_at": None},
        ],
    }
    context.update(overrides)
    return context


def pdf_pages(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def jrmp_pdf():
    return pdf_pages(render_pdf(make_context()))


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_has_cover_contents_and_sections(jrmp_pdf):
    assert len(jrmp_pdf) >= 3
    cover, contents = flat(jrmp_pdf[0]), flat(jrmp_pdf[1])
    assert "Brightwave and Lumen joint plan" in cover
    assert "JOINT RELATIONSHIP MANAGEMENT PLAN" in cover.upper()
    assert "Lumen" in cover and "In review" in cover
    assert "Contents" in contents
    body = flat(" ".join(jrmp_pdf[2:]))
    for title in ("Context", "Joint organization", "Exit strategy"):
        assert title in contents
        assert title in body
    assert "Why we work together: shared depots." in body
    assert "Second paragraph about scope." in body
    assert "ISO 44003 5.12" in body
    assert "Ana (Brightwave) — lead" in body
    assert "Not written yet." in body


def test_pdf_contents_give_page_numbers_and_footer_counts_pages(jrmp_pdf):
    total = len(jrmp_pdf)
    assert "Page 1 of" in jrmp_pdf[0]
    assert f"Page {total} of {total}" in jrmp_pdf[-1]
    first_section_page = next(i for i, text in enumerate(jrmp_pdf, 1) if "shared depots" in text)
    # Each contents line reads "number. title page", in that order, in the PDF's text.
    assert re.search(rf"1\. Context\s+{first_section_page}\b", jrmp_pdf[1])
    assert re.search(rf"\d+\. Approval\s+{total}\b", jrmp_pdf[1])


def test_pdf_approval_block(jrmp_pdf):
    approval_page = flat(jrmp_pdf[-1])
    assert "Approval" in approval_page
    assert "Brightwave" in approval_page and "Ana Owner" in approval_page
    assert "Lumen" in approval_page and "Jo Owner" in approval_page
    assert "Not yet approved" in approval_page  # Lumen has not approved


def test_pdf_without_approvals_says_not_yet_approved():
    context = make_context(kind="business_case", title="Business case: Shared depot", approvals=[])
    pages = pdf_pages(render_pdf(context))
    assert len(pages) == 1  # a business case is short: no cover page or contents of its own
    assert "Business case: Shared depot" in pages[0]
    assert "Not yet approved" in flat(pages[-1])


def test_pdf_escapes_markup_in_user_text():
    hostile = "<script>alert(1)</script> {{ title }} {% now 'Y' %} <img src=\"http://example.com/x.png\">"
    context = make_context(title="Plan <b>bold</b>")
    context["sections"][0]["text"] = hostile
    context["sections"][1]["source_lines"] = ["<i>line</i> & {{ x }}"]
    pages = pdf_pages(render_pdf(context))
    text = flat(" ".join(pages))
    assert "<script>alert(1)</script>" in text
    assert "{{ title }} {% now 'Y' %}" in text
    assert '<img src="http://example.com/x.png">' in text
    assert "Plan <b>bold</b>" in text
    assert "<i>line</i> & {{ x }}" in text


def test_pdf_with_request_loads_the_print_stylesheet_from_disk(monkeypatch):
    served = []
    real = rendering._static_path

    def spy(name):
        served.append(name)
        return real(name)

    monkeypatch.setattr(rendering, "_static_path", spy)
    request = RequestFactory().get("/plans/1/document.pdf")
    pages = pdf_pages(render_pdf(make_context(), request=request))
    assert served == ["accord/print.css"]
    assert len(pages) >= 3


# --- The URL fetcher ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/static/accord/print.css",  # right path, other host
        "http://testserver/media/private.pdf",  # own host, not a static file
        "http://testserver/static/../config/settings.py",
        "http://testserver/static/%2e%2e/config/settings.py",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "ftp://testserver/static/accord/print.css",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    fetcher = static_url_fetcher("http://testserver/")
    with pytest.raises(ValueError, match="Refusing"):
        fetcher(url)


def test_fetcher_serves_static_files_from_disk():
    for base_url, url in [
        ("http://testserver/", "http://testserver/static/accord/print.css"),
        ("file:///srv/accord/staticfiles/", "file:///static/accord/print.css"),
    ]:
        response = static_url_fetcher(base_url)(url)
        assert response.content_type == "text/css"
        assert b".doc-section" in response.read()
        response.close()


def test_fetcher_missing_static_file_raises():
    with pytest.raises(FileNotFoundError):
        static_url_fetcher("http://testserver/")("http://testserver/static/accord/nope.css")


def test_weasyprint_opens_no_connection_for_external_resources(monkeypatch):
    import weasyprint

    attempts = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: attempts.append(a))
    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: attempts.append(a))
    html = (
        '<link rel="stylesheet" href="https://example.com/a.css">'
        '<p>Hi <img src="http://example.com/x.png"></p>'
        "<style>@import url(http://example.com/b.css); p { background: url(//example.com/c.png) }</style>"
    )
    base_url = "http://testserver/"
    data = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=static_url_fetcher(base_url)
    ).write_pdf()
    assert data.startswith(b"%PDF-")
    assert attempts == []


# --- Print view -----------------------------------------------------------------------------------


def test_print_view_has_no_inline_styles():
    html = render_to_string("plans/document.html", {**make_context(), "print_view": True})
    assert "<style" not in html
    assert "style=" not in html
    assert "/static/vendor/pico/pico.min.css" in html
    assert "/static/accord/print.css" in html
    assert 'id="section-organisation"' in html
    assert "<p>Why we work together: shared depots.</p>" in html


def test_pdf_template_has_page_rules():
    html = render_to_string("plans/document.html", {**make_context(), "print_view": False})
    assert "<style>" in html and "@page" in html and "counter(pages)" in html
    assert "pico" not in html


# --- Word -------------------------------------------------------------------------------------


def test_docx_has_cover_contents_sections_and_approvals():
    document = docx.Document(io.BytesIO(render_docx(make_context())))
    assert document.core_properties.title == "Brightwave and Lumen joint plan"
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    texts = [text for _, text in paragraphs]

    assert ("Title", "Brightwave and Lumen joint plan") in paragraphs
    assert "Parties: Brightwave, Lumen" in texts
    assert "Version: 3" in texts
    assert "Status: In review" in texts

    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == ["Contents", "1. Context", "2. Joint organization", "3. Exit strategy", "4. Approval"]
    contents = [text for style, text in paragraphs if style == "List Number"]
    assert contents == ["Context", "Joint organization", "Exit strategy", "Approval"]

    assert "Why we work together: shared depots." in texts
    assert "Second paragraph about scope." in texts
    assert "ISO 44003 5.1.3.3" in texts
    assert "Not written yet." in texts
    bullets = [text for style, text in paragraphs if style == "List Bullet"]
    assert bullets == ["Ana (Brightwave) — lead", "Jo (Lumen) — deputy"]

    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Party", "Senior executive responsible", "Approved by", "Date"]
    assert rows[1][:3] == ["Brightwave", "Ana Owner", "Ana Owner"]
    assert "2026" in rows[1][3]
    assert rows[2] == ["Lumen", "Jo Owner", "—", "Not yet approved"]

    # Like the PDF: A4, a running header with version and status, "Page N of M", none on the cover.
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "Brightwave and Lumen joint plan · version 3 · In review"
    for footer in (section.footer.paragraphs[0]._p.xml, section.first_page_footer.paragraphs[0]._p.xml):
        assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert not section.first_page_header.paragraphs[0].text  # no running header on the cover


def test_docx_without_approvals_and_with_awkward_text():
    context = make_context(kind="rmp", approvals=[], parties=["Brightwave"])
    # Control characters (a vertical tab pasted from Word, a NUL) are not allowed in XML.
    context["sections"][0]["text"] = "Line one\r\nline two\x0b\x00\r\n\r\n<script>{{ x }}</script>"
    document = docx.Document(io.BytesIO(render_docx(context)))
    texts = [p.text for p in document.paragraphs]
    assert "Organization: Brightwave" in texts
    assert "Line one\nline two" in texts
    assert "<script>{{ x }}</script>" in texts
    assert "Not yet approved" in texts
    assert document.tables == []
