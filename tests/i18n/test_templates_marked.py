"""Every text a person reads in a template is marked for translation."""

from pathlib import Path

from tests.i18n.template_text import untranslated

ROOT = Path(__file__).resolve().parents[2]


def templates() -> list[Path]:
    found = (ROOT / "accord").rglob("templates/**/*")
    return sorted(p for p in found if p.suffix in {".html", ".txt"})


def test_every_template_text_is_marked_for_translation():
    findings = [finding for path in templates() for finding in untranslated(path)]
    report = "\n".join(str(f).replace(str(ROOT) + "/", "") for f in findings)
    assert not findings, f"Text not marked for translation ({len(findings)}):\n{report}"


def test_the_scanner_finds_unmarked_text_and_accepts_marked_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<h1>{% translate "Plans" %}</h1>\n'
        "<p>Plain words</p>\n"
        '<input placeholder="Search" aria-label="{% translate \'Search\' %}">\n'
        "<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %} {{ value }} · —</p>\n"
        "<script>const words = 'not text';</script>{# a comment #}\n",
        encoding="utf-8",
    )
    found = [(f.line, f.text) for f in untranslated(page)]
    assert found == [(2, "Plain words"), (3, "placeholder=Search")]
