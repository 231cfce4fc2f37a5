"""Records plan sections show from elsewhere in Accord.

Each app registers its sources as ``accord.core.registry.PlanSource`` (plans registers its
own below, in ``PlansConfig.ready``); the plan pages, completeness, the copy a version keeps
when it is sent for review, compare and the documents read them all through ``shown``.
A JRMP source shows joint data only: its ``lines`` go into documents partners read.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.collaborations.models import Collaboration, PartyStatus
from accord.collaborations.selectors import active_parties
from accord.core.i18n import colon
from accord.core.registry import PlanSource, registry
from accord.core.text import one_line
from accord.organizations.models import Organization
from accord.plans.models import (
    BusinessCase,
    BusinessCaseStatus,
    Contribution,
    JointTeamMember,
    ResourceCommitment,
)
from accord.relationships.models import Decision, Relationship, Segment


@dataclass(frozen=True)
class Shown:
    """One source's rows as a plan page shows them (``count``: all rows, when cut)."""

    source: PlanSource
    rows: Any
    count: int | None = None

    @property
    def template(self) -> str:
        return self.source.template


def shown(
    kind: str, owner: Any, *, limit: int | None = None, section: str | None = None
) -> dict[str, list[Shown]]:
    """Per section key, the rows of each source that fills it (in order): a fixed number of
    queries per source. ``limit`` keeps the first rows of long lists (pages)."""
    out: dict[str, list[Shown]] = {}
    for source in registry.plan_sources(kind, section):
        rows = source.load(owner, limit)
        count = None
        if limit and source.count is not None and len(rows) >= limit:
            count = source.count(owner)
            count = count if count > len(rows) else None
        out.setdefault(source.section, []).append(Shown(source, rows, count))
    return out


def lines(by_section: dict[str, list[Shown]]) -> dict[str, list[str]]:
    """Plain lines per section key, every source of the section one after the other."""
    return {
        key: [line for item in items for line in item.source.lines(item.rows)]
        for key, items in by_section.items()
    }


def filled(by_section: dict[str, list[Shown]]) -> set[str]:
    """The keys of the sections one of whose sources has records."""
    return {key for key, items in by_section.items() if any(item.source.filled(item.rows) for item in items)}


def suggested(items: list[Shown]) -> str:
    """A first text for a section, built from the records its sources hold (each source that
    suggests, one paragraph after the other); "" when the records suggest nothing."""
    texts = [item.source.suggest(item.rows) for item in items if item.source.suggest]
    return "\n\n".join(text.strip() for text in texts if text and text.strip())


def suggestions(kind: str, owner: Any) -> dict[str, str]:
    """Per section key, the suggested text (sections whose records suggest nothing left out)."""
    by_section = shown(kind, owner)
    return {key: text for key, items in by_section.items() if (text := suggested(items))}


# --- the sources plans fills from its own records (and the register's decisions) --------


def _bullets(text: str) -> str:
    return "\n".join(f"- {line.strip()}" for line in text.splitlines() if line.strip())


def _firm(size_class: str) -> str:
    """The organization's size as a phrase of a sentence ("a micro firm (fewer than 10 people)")."""
    phrases = {
        "micro": _("a micro firm (fewer than 10 people)"),
        "small": _("a small firm (10–49 people)"),
        "medium": _("a medium-sized firm (50–249 people)"),
        "large": _("a large organization (250 people or more)"),
    }
    return phrases.get(size_class, phrases["micro"])


def _in_sentence(text: str) -> str:
    """A profile field as it reads inside a sentence: "Mechanical engineering" becomes
    "mechanical engineering"; names and acronyms ("ACME parts", "Renault") are left alone
    when the first word is not a plain capitalized word followed by more words."""
    first, _sep, rest = text.partition(" ")
    if rest and len(first) > 1 and first[0].isupper() and first[1:].islower():
        return first[0].lower() + text[1:]
    return text


def _suggest_context(organization: Organization) -> str:
    parts = []
    about = ", ".join(
        p for p in (_in_sentence(organization.sector.strip()), organization.country.strip()) if p
    )
    if about:
        parts.append(
            _("We are %(firm)s in %(about)s.") % {"firm": _firm(organization.size_class), "about": about}
        )
    if organization.market:
        parts.append(_("Our market and business environment: %(market)s") % {"market": organization.market})
    return "\n\n".join(parts)


def _suggest_stakeholders(organization: Organization) -> str:
    if not organization.stakeholders.strip():
        return ""
    return _("Our stakeholders and what they expect from us:") + "\n" + _bullets(organization.stakeholders)


def _suggest_vision_values(organization: Organization) -> str:
    parts = []
    if organization.vision.strip():
        parts.append(_("Our vision: %(vision)s") % {"vision": organization.vision.strip()})
    if organization.values.strip():
        parts.append(
            _("Our values, and the behaviour we expect from our people and partners:")
            + "\n"
            + _bullets(organization.values)
        )
    return "\n\n".join(parts)


def _collaborate_segment(organization: Organization, limit: int | None) -> Any:
    # Lazy: read only when the section editor builds its suggestion (never on the plan page).
    return (
        Relationship.objects.in_scope(organization)
        .filter(segment=Segment.COLLABORATE)
        .order_by("counterpart_name", "id")
        .values("counterpart_name", "decision", "decision_rationale")
    )


def _suggest_opportunities(rows: Any) -> str:
    rows = list(rows)
    if not rows:
        return ""
    groups = {
        Decision.YES: "",  # one sentence, below
        Decision.NOT_YET: _("We will decide later about:"),
        Decision.NO: _("We keep these transactional for now:"),
        Decision.UNDECIDED: _("Still to decide:"),
    }
    parts = [
        ngettext(
            "%(n)s relationship in our register is in the “collaborate” segment.",
            "%(n)s relationships in our register are in the “collaborate” segment.",
            len(rows),
        )
        % {"n": len(rows)}
    ]
    for decision, heading in groups.items():
        chosen = [r for r in rows if r["decision"] == decision]
        if not chosen:
            continue
        if decision == Decision.YES:
            # The records block under the section lists these with their reasons: name them once.
            parts.append(
                ngettext(
                    "We chose a collaborative approach with %(names)s; our reason is shown below.",
                    "We chose a collaborative approach with %(names)s; our reasons are shown below.",
                    len(chosen),
                )
                % {"names": ", ".join(r["counterpart_name"] for r in chosen)}
            )
            continue
        parts.append(
            str(heading)
            + "\n"
            + "\n".join(
                f"- {r['counterpart_name']}"
                + (f"{colon()} {one_line(r['decision_rationale'])}" if r["decision_rationale"] else "")
                for r in chosen
            )
        )
    return "\n\n".join(parts)


def _suggest_leadership(ser: dict[str, Any]) -> str:
    if not ser.get("person"):
        return ""
    if not (ser.get("responsibility") or ser.get("authority")):
        return _(
            "%(ser)s, our senior executive responsible, makes sure our collaborative way of working "
            "is in place and followed, and can commit people and money to it. Each collaborative relationship has one owner in the team who runs it day "
            "to day and reports to %(ser)s."
        ) % {"ser": ser["person"].display_name}
    # The records block under the section shows the SER's role and authority from the
    # profile: the text refers to it rather than saying it again.
    return _(
        "%(ser)s is our senior executive responsible; their role and authority are shown below. "
        "Each collaborative relationship has one owner in the team who runs it day to day and "
        "reports to %(ser)s."
    ) % {"ser": ser["person"].display_name}


def _suggest_resources(rows: list[ResourceCommitment]) -> str:
    if not rows:
        return ""
    people = sorted({item.person.display_name for item in rows if item.person})
    text = _("We commit the resources listed below to collaboration and review them at each plan review.")
    if people:
        text += " " + _("People involved: %(people)s.") % {"people": ", ".join(people)}
    return text


def _suggest_business_cases(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    approved = [row["title"] for row in rows if row["status"] == BusinessCaseStatus.APPROVED]
    text = _("Each opportunity gets a business case (listed below) before we commit resources to it.")
    if approved:
        text += " " + _("Approved so far: %(cases)s.") % {"cases": ", ".join(approved)}
    return text


def _profile(organization: Organization, limit: int | None) -> Organization:
    return organization  # already loaded: no query


def _suggest_joint_context(collaboration: Collaboration) -> str:
    parts = [
        _("Working model: %(model)s.") % {"model": collaboration.get_working_model_display()},
        _("Life-cycle stage: %(stage)s.") % {"stage": collaboration.stage_label},
    ]
    if collaboration.description.strip():
        parts.insert(0, collaboration.description.strip())
    return "\n\n".join(parts)


def _suggest_only(section: str, key: str, load: Any, suggest: Any, kind: str = "rmp") -> PlanSource:
    """A source that shows nothing and fills nothing: it only suggests a first text."""
    return PlanSource(
        kind, section, key, load, lambda rows: [], "", filled=lambda rows: False, order=900, suggest=suggest
    )


def _ser(organization: Organization, limit: int | None) -> dict[str, Any]:
    return {
        "person": organization.ser,
        "responsibility": organization.ser_responsibility,
        "authority": organization.ser_authority,
    }


def _ser_lines(ser: dict[str, Any]) -> list[str]:
    out = []
    if ser.get("person"):
        out.append(_("Senior executive responsible: %(name)s") % {"name": ser["person"].display_name})
    if ser.get("responsibility"):
        out.append(_("Role and responsibility: %(text)s") % {"text": ser["responsibility"]})
    if ser.get("authority"):
        out.append(_("Authority: %(text)s") % {"text": ser["authority"]})
    return out


def _decided(organization: Organization, limit: int | None) -> list[dict[str, Any]]:
    return list(
        Relationship.objects.in_scope(organization)
        .filter(decision=Decision.YES)
        .order_by("counterpart_name")
        .values("id", "counterpart_name", "segment", "decision_rationale")
    )


def _business_cases(organization: Organization, limit: int | None) -> list[dict[str, Any]]:
    return list(
        BusinessCase.objects.in_scope(organization)
        .exclude(status=BusinessCaseStatus.REJECTED)
        .values("id", "title", "status", "value")
    )


def _resources(organization: Organization, limit: int | None) -> list[ResourceCommitment]:
    return list(ResourceCommitment.objects.in_scope(organization).select_related("person"))


def _resource_lines(rows: list[ResourceCommitment]) -> list[str]:
    return [
        f"{item.kind_label}{colon()} {item.description}"
        + (f" — {item.person.display_name}" if item.person else "")
        + (f" ({item.capacity})" if item.capacity else "")
        for item in rows
    ]


def _sers(collaboration: Collaboration, limit: int | None) -> list[dict[str, Any]]:
    return [{"party": p.organization.name, "person": p.ser} for p in active_parties(collaboration)]


def _team(collaboration: Collaboration) -> Any:
    # A party that left is no longer on the joint team.
    return (
        JointTeamMember.objects.in_scope(collaboration)
        .filter(party__status=PartyStatus.ACTIVE)
        .select_related("party__organization")
    )


def _contributions(collaboration: Collaboration) -> Any:
    # What a former party brought stays listed (with what happens to it at exit), marked so.
    return Contribution.objects.in_scope(collaboration).select_related("party__organization")


def _first(queryset: Any, limit: int | None) -> list[Any]:
    return list(queryset[:limit] if limit else queryset)


def _team_lines(rows: list[JointTeamMember]) -> list[str]:
    return [
        f"{m.name} ({m.party.organization.name}) — {m.role}"
        + (f"{colon()} {m.responsibilities}" if m.responsibilities else "")
        + (f" {_('Authority:')} {m.authority}" if m.authority else "")
        for m in rows
    ]


def _contribution_lines(rows: list[Contribution]) -> list[str]:
    return [
        f"{c.party.organization.name}"
        + ("" if c.party.status == PartyStatus.ACTIVE else " (" + _("former party") + ")")
        + f"{colon()} {c.kind_label} — {c.description}"
        + ("; " + _("at exit: %(text)s") % {"text": c.return_at_exit} if c.return_at_exit else "")
        for c in rows
    ]


PLANS_SOURCES = [
    PlanSource(
        "rmp",
        "leadership",
        "ser",
        _ser,
        _ser_lines,
        "plans/sources/ser.html",
        filled=lambda ser: bool(ser["person"]),
        suggest=_suggest_leadership,
    ),
    PlanSource(
        "rmp",
        "opportunities",
        "decided_relationships",
        _decided,
        lambda rows: [f"{row['counterpart_name']} — {row['decision_rationale']}" for row in rows],
        "plans/sources/decided_relationships.html",
    ),
    PlanSource(
        "rmp",
        "value_case",
        "business_cases",
        _business_cases,
        lambda rows: [f"{row['title']} ({row['status']}) {row['value']}".strip() for row in rows],
        "plans/sources/business_cases.html",
        suggest=_suggest_business_cases,
    ),
    PlanSource(
        "rmp",
        "resources",
        "resources",
        _resources,
        _resource_lines,
        "plans/sources/resources.html",
        suggest=_suggest_resources,
    ),
    # What the profile and the register suggest (the person confirms or edits it).
    _suggest_only("context", "profile_context", _profile, _suggest_context),
    _suggest_only("stakeholders", "profile_stakeholders", _profile, _suggest_stakeholders),
    _suggest_only("vision_values", "profile_vision_values", _profile, _suggest_vision_values),
    _suggest_only("opportunities", "collaborate_segment", _collaborate_segment, _suggest_opportunities),
    _suggest_only("context", "joint_context", _profile, _suggest_joint_context, kind="jrmp"),
    PlanSource(
        "jrmp",
        "leadership",
        "sers",
        _sers,
        lambda rows: [
            f"{row['party']}{colon()} {row['person'].display_name if row['person'] else '—'}" for row in rows
        ],
        "plans/sources/sers.html",
        filled=lambda rows: any(row["person"] for row in rows),
    ),
    # The joint organization: who runs the collaboration, then what each party brings to it
    # (ISO 44003 5.1.3.3 f). Contributions are not value created (that is the value app's).
    PlanSource(
        "jrmp",
        "organisation",
        "joint_team",
        lambda c, limit: _first(_team(c), limit),
        _team_lines,
        "plans/sources/joint_team.html",
        order=100,
        count=lambda c: _team(c).count(),
    ),
    PlanSource(
        "jrmp",
        "organisation",
        "contributions",
        lambda c, limit: _first(_contributions(c), limit),
        _contribution_lines,
        "plans/sources/contributions.html",
        order=110,
        count=lambda c: _contributions(c).count(),
    ),
]
