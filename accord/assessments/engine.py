"""The questionnaire engine: scales, template definitions and their validation.

A template is data: a dict (read from YAML, or from an Excel workbook) with a key, a version,
a title, a purpose, a scope (``org``: private; ``collaboration``: every party answers),
sections of questions, and for each question what it evidences (a principle P1–P12, a
life-cycle stage 1–8, a competency key, a theme) and its scale (``agreement`` or
``maturity``, both 1–5, both with "don't know" and "not applicable"), and whether it takes a
comment. ``parse_definition`` checks a whole definition and returns it normalised, or raises
``TemplateError`` listing every problem with where it is (nothing is written before that).

Shipped templates live in ``templates_data/*.yaml`` and are read from there on demand (they
are versioned with the code; no rows are needed for them). An organization's own imported
templates are ``AssessmentTemplate`` rows. Each campaign keeps a frozen copy of the
definition it was run with, so later edits of a template never change past results.

Excel layout (``.xlsx``), two sheets:

- ``Template``: one field per row, name in column A, value in column B: ``key``, ``version``,
  ``title``, ``purpose``, ``scope`` (org or collaboration), ``dimension`` (principle, stage,
  competency or theme: what results are grouped by);
- ``Questions``: a header row, then one question per row, with the columns ``section``,
  ``id``, ``text``, ``scale`` (agreement or maturity), ``principle`` (P1–P12), ``stage``
  (1–8), ``competency`` (a catalogue key), ``theme`` (a short word), ``comment`` (yes/no).
  Questions with the same ``section`` text, one after another, form a section.
"""

import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DATA_DIR = Path(__file__).parent / "templates_data"
MAX_QUESTIONS = 200
MAX_FILE_BYTES = 1_000_000
DONT_KNOW, NOT_APPLICABLE = "dk", "na"
SPECIALS = {DONT_KNOW: gettext_lazy("Don't know"), NOT_APPLICABLE: gettext_lazy("Not applicable")}

SCALES: dict[str, list[tuple[int, Any]]] = {
    "agreement": [
        (1, gettext_lazy("Strongly disagree")),
        (2, gettext_lazy("Disagree")),
        (3, gettext_lazy("Neither agree nor disagree")),
        (4, gettext_lazy("Agree")),
        (5, gettext_lazy("Strongly agree")),
    ],
    # Named levels after domain.md 6.3, in our own words.
    "maturity": [
        (1, gettext_lazy("Not in place")),
        (2, gettext_lazy("Ad hoc")),
        (3, gettext_lazy("Defined")),
        (4, gettext_lazy("Applied and measured")),
        (5, gettext_lazy("Embedded and improving")),
    ],
}
SCOPES = ("org", "collaboration")
DIMENSIONS = ("principle", "stage", "competency", "theme")
KINDS = ("capability", "compatibility", "pulse", "competency", "health", "custom")

PRINCIPLE_KEYS = {
    "P1": "relationship_management",
    "P2": "vision_values",
    "P3": "business_objectives",
    "P4": "collaborative_leadership",
    "P5": "governance_processes",
    "P6": "competence_behaviour",
    "P7": "trust_mutual_benefit",
    "P8": "value_creation",
    "P9": "information_knowledge_sharing",
    "P10": "risk_management",
    "P11": "measurement_optimization",
    "P12": "exit_strategy",
}
COMPETENCIES: dict[str, Any] = {
    "strategic_thinking": gettext_lazy("Strategic thinking"),
    "collaborative_leadership": gettext_lazy("Collaborative leadership"),
    "communication": gettext_lazy("Open communication"),
    "active_listening": gettext_lazy("Listening and considering other views"),
    "teamwork": gettext_lazy("Teamwork across organizations"),
    "trust_building": gettext_lazy("Building trust"),
    "openness_sharing": gettext_lazy("Openness and sharing"),
    "mutual_benefit": gettext_lazy("Mutual benefit and fairness"),
    "negotiation": gettext_lazy("Joint-outcome negotiation"),
    "conflict_resolution": gettext_lazy("Resolving conflicts"),
    "cultural_awareness": gettext_lazy("Cultural and organizational awareness"),
    "creativity_innovation": gettext_lazy("Creativity and innovation"),
    "risk_awareness": gettext_lazy("Joint risk awareness"),
    "commercial_awareness": gettext_lazy("Commercial awareness"),
    "measurement_review": gettext_lazy("Measurement and review"),
    "adaptability": gettext_lazy("Adaptability"),
    "transition_management": gettext_lazy("Managing transitions"),
}
FACETS = {
    "attributes": gettext_lazy("Attributes (knowledge)"),
    "abilities": gettext_lazy("Abilities (skills)"),
    "attitude": gettext_lazy("Attitude"),
}
_ID = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


class TemplateError(Exception):
    """A template definition that cannot be used; ``errors`` says every problem and where."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def scale_choices(scale: str) -> list[tuple[str, Any]]:
    """The answers a question offers: the five levels, then "don't know" and "not applicable"."""
    return [(str(v), label) for v, label in SCALES[scale]] + list(SPECIALS.items())


def level_label(scale: str, value: int | None) -> str:
    for number, label in SCALES.get(scale, []):
        if number == value:
            return str(label)
    return ""


def principle_name(code: str) -> str:
    from accord.guidance.library import principle

    item = principle(PRINCIPLE_KEYS.get(code, ""))
    return f"{code} {item.name}" if item else code


def dimension_label(definition: dict[str, Any], key: str) -> str:
    """What people read for a dimension key (``P3``, ``4``, ``teamwork``, ``trust``)."""
    dimension = definition.get("dimension")
    if dimension == "principle":
        return principle_name(key)
    if dimension == "stage":
        from accord.guidance.library import stage

        item = stage(int(key)) if key.isdigit() else None
        return _("Stage %(n)s %(name)s") % {"n": key, "name": item.name} if item else key
    if dimension == "competency":
        return str(COMPETENCIES.get(key, key))
    return _(str(definition.get("themes", {}).get(key, key.replace("_", " ").capitalize())))


def questions(definition: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for section in definition["sections"] for q in section["questions"]]


def question_dimension(definition: dict[str, Any], question: dict[str, Any]) -> str:
    value = question.get(definition.get("dimension", "principle"))
    return "" if value in (None, "") else str(value)


# --- validation ---------------------------------------------------------------------------------


def _text(value: Any, limit: int) -> str | None:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value if len(value) <= limit else None


def _flag(value: Any) -> bool | None:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "1", "x"}:
        return True
    if text in {"no", "n", "false", "0"}:
        return False
    return None


def _question(raw: Any, where: str, errors: list[str]) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        errors.append(_("%(where)s: a question must be a mapping of fields.") % {"where": where})
        return None
    out: dict[str, Any] = {}
    qid = str(raw.get("id") or "").strip().lower()
    if not _ID.match(qid):
        errors.append(
            _("%(where)s, field id: give an id of lower-case letters, digits and _ (at most 40).")
            % {"where": where}
        )
    out["id"] = qid
    text = _text(raw.get("text"), 500)
    if not text:
        errors.append(
            _("%(where)s, field text: the question's text is missing or over 500 characters.")
            % {"where": where}
        )
    out["text"] = text or ""
    scale = str(raw.get("scale") or "").strip().lower()
    if scale not in SCALES:
        errors.append(_("%(where)s, field scale: use agreement or maturity.") % {"where": where})
    out["scale"] = scale
    comment = _flag(raw.get("comment"))
    if comment is None:
        errors.append(_("%(where)s, field comment: use yes or no.") % {"where": where})
    out["comment"] = bool(comment)
    principle = raw.get("principle")
    if principle not in (None, ""):
        code = str(principle).strip().upper()
        if code.isdigit():
            code = f"P{code}"
        if code not in PRINCIPLE_KEYS:
            errors.append(_("%(where)s, field principle: use P1 to P12.") % {"where": where})
        out["principle"] = code
    stage = raw.get("stage")
    if stage not in (None, ""):
        try:
            number = int(str(stage).strip())
        except ValueError:
            number = 0
        if not 1 <= number <= 8:
            errors.append(_("%(where)s, field stage: use a stage number from 1 to 8.") % {"where": where})
        out["stage"] = str(number)
    competency = raw.get("competency")
    if competency not in (None, ""):
        key = str(competency).strip().lower()
        if key not in COMPETENCIES:
            errors.append(
                _("%(where)s, field competency: %(key)s is not in the competency catalogue.")
                % {"where": where, "key": key[:40]}
            )
        out["competency"] = key
    for name in ("theme", "facet"):
        value = raw.get(name)
        if value not in (None, ""):
            word = str(value).strip().lower()
            if not _ID.match(word):
                errors.append(
                    _("%(where)s, field %(field)s: a short word of letters, digits and _.")
                    % {"where": where, "field": name}
                )
            out[name] = word
    if not any(out.get(k) for k in DIMENSIONS):
        errors.append(
            _("%(where)s: say what the question evidences (principle, stage, competency or theme).")
            % {"where": where}
        )
    return out


def parse_definition(raw: Any, *, where: dict[str, str] | None = None) -> dict[str, Any]:
    """The definition, checked whole and normalised; ``TemplateError`` lists every problem.
    ``where`` maps a question's position ("section 1, question 2") to a better place name
    (the Excel row), so messages point where the person can fix them."""
    where = where or {}
    errors: list[str] = []
    if not isinstance(raw, dict):
        raise TemplateError([_("The file must describe one template (a mapping with key, title, sections).")])
    out: dict[str, Any] = {}
    key = str(raw.get("key") or "").strip().lower()
    if not _KEY.match(key):
        errors.append(_("Field key: give a short key of lower-case letters, digits, - and _."))
    out["key"] = key
    try:
        version = int(raw.get("version", 1))
        if version < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(_("Field version: use a whole number from 1."))
        version = 1
    out["version"] = version
    for name, limit, required in (("title", 200, True), ("purpose", 2000, False)):
        value = _text(raw.get(name), limit)
        if value is None or (required and not value):
            errors.append(
                _("Field %(field)s: missing or too long (at most %(n)s characters).")
                % {"field": name, "n": limit}
            )
        out[name] = value or ""
    scope = str(raw.get("scope") or "").strip().lower()
    if scope not in SCOPES:
        errors.append(_("Field scope: use org (private) or collaboration (every party answers)."))
    out["scope"] = scope
    dimension = str(raw.get("dimension") or "principle").strip().lower()
    if dimension not in DIMENSIONS:
        errors.append(_("Field dimension: use principle, stage, competency or theme."))
    out["dimension"] = dimension
    kind = str(raw.get("kind") or "custom").strip().lower()
    if kind not in KINDS:
        errors.append(_("Field kind: use one of %(kinds)s.") % {"kinds": ", ".join(KINDS)})
    out["kind"] = kind
    peer = _flag(raw.get("peer_rating"))
    out["peer_rating"] = bool(peer)
    themes = raw.get("themes") or {}
    if not isinstance(themes, dict):
        errors.append(_("Field themes: a mapping of theme key to its name."))
        themes = {}
    out["themes"] = {str(k): (_text(v, 100) or str(k)) for k, v in themes.items()}
    sections = raw.get("sections")
    if not isinstance(sections, list) or not sections:
        errors.append(_("Field sections: give at least one section with questions."))
        sections = []
    out["sections"] = []
    seen: set[str] = set()
    total = 0
    for s_index, section in enumerate(sections, start=1):
        if not isinstance(section, dict):
            errors.append(_("Section %(n)s: a section needs a title and questions.") % {"n": s_index})
            continue
        title = _text(section.get("title"), 200)
        if not title:
            errors.append(_("Section %(n)s, field title: missing or too long.") % {"n": s_index})
        items = section.get("questions")
        if not isinstance(items, list) or not items:
            errors.append(_("Section %(n)s, field questions: give at least one question.") % {"n": s_index})
            items = []
        parsed = []
        for q_index, item in enumerate(items, start=1):
            position = f"section {s_index}, question {q_index}"
            label = where.get(position) or _("Section %(s)s, question %(q)s") % {"s": s_index, "q": q_index}
            question = _question(item, label, errors)
            if question is None:
                continue
            if question["id"] and question["id"] in seen:
                errors.append(
                    _("%(where)s, field id: %(id)s is used twice.") % {"where": label, "id": question["id"]}
                )
            seen.add(question["id"])
            if dimension in DIMENSIONS and not question.get(dimension):
                errors.append(
                    _("%(where)s, field %(field)s: the template groups results by %(field)s; give one.")
                    % {"where": label, "field": dimension}
                )
            parsed.append(question)
            total += 1
        out["sections"].append({"title": title or "", "questions": parsed})
    if total > MAX_QUESTIONS:
        errors.append(_("At most %(n)s questions in a template.") % {"n": MAX_QUESTIONS})
    if errors:
        raise TemplateError(errors)
    return out


# --- reading files ----------------------------------------------------------------------------


def read_yaml(content: bytes | str) -> dict[str, Any]:
    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise TemplateError([_("The file is larger than 1 MB.")])
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateError([_("The file is not UTF-8 text.")]) from None
    try:
        raw = yaml.safe_load(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _(" at line %(n)s") % {"n": mark.line + 1} if mark else ""
        raise TemplateError([_("The file is not valid YAML%(where)s.") % {"where": where}]) from None
    return parse_definition(raw)


EXCEL_COLUMNS = ("section", "id", "text", "scale", "principle", "stage", "competency", "theme", "comment")


def read_excel(content: bytes) -> dict[str, Any]:
    """A definition from a workbook laid out as the module docstring says."""
    from openpyxl import load_workbook

    if len(content) > MAX_FILE_BYTES:
        raise TemplateError([_("The file is larger than 1 MB.")])
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (any unreadable file is the same refusal)
        raise TemplateError([_("The file is not an Excel workbook (.xlsx).")]) from None
    errors: list[str] = []
    names = {name.strip().lower(): name for name in book.sheetnames}
    if "template" not in names or "questions" not in names:
        raise TemplateError([_("The workbook needs two sheets: Template and Questions.")])
    raw: dict[str, Any] = {}
    for number, row in enumerate(book[names["template"]].iter_rows(values_only=True), start=1):
        if not row or row[0] in (None, ""):
            continue
        field = str(row[0]).strip().lower()
        if field not in {"key", "version", "title", "purpose", "scope", "dimension", "kind"}:
            errors.append(
                _("Sheet Template, row %(n)s: unknown field %(field)s.") % {"n": number, "field": field[:40]}
            )
            continue
        raw[field] = row[1] if len(row) > 1 else None
    rows = list(book[names["questions"]].iter_rows(values_only=True))
    if not rows:
        errors.append(_("Sheet Questions: the header row is missing."))
        raise TemplateError(errors)
    header = [str(c or "").strip().lower() for c in rows[0]]
    missing = [c for c in ("section", "id", "text", "scale") if c not in header]
    if missing:
        errors.append(_("Sheet Questions, row 1: missing columns %(cols)s.") % {"cols": ", ".join(missing)})
        raise TemplateError(errors)
    sections: list[dict[str, Any]] = []
    where: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or all(c in (None, "") for c in row):
            continue
        cells = {
            name: row[i] if i < len(row) else None for i, name in enumerate(header) if name in EXCEL_COLUMNS
        }
        title = str(cells.pop("section") or "").strip()
        if not sections or sections[-1]["title"] != title:
            sections.append({"title": title, "questions": []})
        sections[-1]["questions"].append(cells)
        position = f"section {len(sections)}, question {len(sections[-1]['questions'])}"
        where[position] = _("Sheet Questions, row %(n)s") % {"n": number}
    raw["sections"] = sections
    try:
        definition = parse_definition(raw, where=where)
    except TemplateError as error:
        raise TemplateError(errors + error.errors) from None
    if errors:
        raise TemplateError(errors)
    return definition


def read_file(name: str, content: bytes) -> dict[str, Any]:
    if name.lower().endswith(".xlsx"):
        return read_excel(content)
    if name.lower().endswith((".yaml", ".yml")):
        return read_yaml(content)
    raise TemplateError([_("Upload a .yaml, .yml or .xlsx file.")])


# --- shipped templates --------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateInfo:
    key: str
    version: int
    title: str
    purpose: str
    scope: str
    kind: str
    definition: dict[str, Any]
    imported_id: int | None = None

    @property
    def ref(self) -> str:
        """How forms name a template: the key of a shipped one, ``own:<id>`` of an imported one."""
        return f"own:{self.imported_id}" if self.imported_id else self.key


def _info(definition: dict[str, Any], imported_id: int | None = None) -> TemplateInfo:
    return TemplateInfo(
        definition["key"],
        definition["version"],
        definition["title"],
        definition["purpose"],
        definition["scope"],
        definition["kind"],
        definition,
        imported_id,
    )


@cache
def shipped() -> dict[str, TemplateInfo]:
    """Accord's own templates, from ``templates_data`` (a broken file fails loudly: tests)."""
    out = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        definition = parse_definition(yaml.safe_load(path.read_text(encoding="utf-8")))
        out[definition["key"]] = _info(definition)
    return out


def available(organization: Any, scope: str) -> list[TemplateInfo]:
    """The templates an organization may run in ``scope``: shipped ones, then its own."""
    from accord.assessments.models import AssessmentTemplate

    out = [t for t in shipped().values() if t.scope == scope]
    for row in (
        AssessmentTemplate.objects.in_scope(organization).filter(scope=scope).order_by("title", "-version")
    ):
        out.append(_info(row.definition, row.pk))
    return out


def find(organization: Any, ref: str) -> TemplateInfo | None:
    from accord.assessments.models import AssessmentTemplate

    if ref.startswith("own:"):
        try:
            pk = int(ref[4:])
        except ValueError:
            return None
        row = AssessmentTemplate.objects.in_scope(organization).filter(pk=pk).first()
        return _info(row.definition, row.pk) if row else None
    return shipped().get(ref)
