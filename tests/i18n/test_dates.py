"""Pages name a date format (DATE_FORMAT, DATETIME_FORMAT…) instead of writing one, so French
reads "1 juin 2026" where English reads "1 Jun 2026"; machine formats (ISO) stay in exports."""

import re
from datetime import date, datetime
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

from accord.assessments.plugins import compatibility_lines

ROOT = Path(__file__).resolve().parents[2] / "accord"
# A written-out day-month-year that Django's French would render with English-style
# abbreviations ("1 Jui 2026" for June and "1 Jul 2026" for July).
WRITTEN = re.compile(r"""\|date:["']j M Y""")


def test_templates_use_the_languages_date_formats():
    found = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*")
        if path.suffix in {".html", ".txt"} and WRITTEN.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, f'write |date:"DATE_FORMAT" or "DATETIME_FORMAT" instead of "j M Y" in {found}'


def test_a_date_reads_in_each_language():
    page = Template('{{ d|date:"DATE_FORMAT" }} · {{ t|date:"DATETIME_FORMAT" }}')
    context = Context({"d": date(2026, 6, 1), "t": datetime(2026, 7, 1, 14, 30)})
    with translation.override("en"):
        assert page.render(context) == "1 Jun 2026 · 1 Jul 2026 14:30"
    with translation.override("fr"):
        assert page.render(context) == "1 juin 2026 · 1 juillet 2026 14:30"


def test_scores_in_plan_text_use_the_languages_decimal_mark():
    from types import SimpleNamespace

    campaign = SimpleNamespace(
        title="Fit",
        created_at=date(2026, 6, 1),
        definition={"sections": []},
        summary={"sides": [{"name": "Lumen", "overall": 3.75, "count": 4, "shown": True}]},
    )
    with translation.override("fr"):
        head = compatibility_lines(campaign)[0]
    assert head.startswith("Fit (1 juin 2026)\u00a0: Lumen 3,75 ")
