"""Plug-in points: what each domain app adds to the pages and files that several apps share.

Every app declares its part once, in its ``AppConfig.ready()``, by calling the functions
below (explicit registration, as NetBox registers search indexes and dashboard widgets; no
discovery by name). The shared surfaces read this registry and never import a domain app:

- ``history`` — the models whose changes go into the organization's history export or the
  joint space's;
- ``gate_checks`` — the gate checks of ``guidance/data/stages.yaml`` an app answers;
- ``card`` — cards on the organization home and the collaboration overview;
- ``next_step`` — steps on the organization home's "Next steps" list;
- ``nav`` — links in the organization's and the joint space's menus;
- ``plan_source`` — the plan sections an app fills from its records;
- ``urls`` / ``api_router`` — its pages and API operations;
- ``demo`` / ``bench`` — its part of the demo world and of the benchmark data;
- ``reminder`` — the e-mail reminders it sends (collected by the reminders app's daily pass);
- ``api_token_check`` — how the API checks a personal token (the accounts app).

``core`` itself imports no domain app: the callables registered here do the reading.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

ORG = "org"
COLLABORATION = "collaboration"
SCOPES = (ORG, COLLABORATION)


@dataclass(frozen=True)
class HistorySource:
    """A model whose changes go into a scope's history export. ``records(owner)`` narrows its
    historical table to one organization or collaboration (default: the scope's foreign key)."""

    model: type
    records: Callable[[Any], Any] | None = None

    def queryset(self, scope: str, owner: Any) -> Any:
        if self.records is not None:
            return self.records(owner)
        field_name = "organization_id" if scope == ORG else "collaboration_id"
        return self.model.history.filter(**{field_name: owner.pk})


@dataclass(frozen=True)
class GateCheckProvider:
    """Answers some gate-check keys for a collaboration, as seen by one party:
    ``answer(collaboration, party, keys) -> {key: bool}`` in a fixed number of queries."""

    keys: frozenset[str]
    answer: Callable[[Any, Any, set[str]], dict[str, bool]]
    # What the answer is read from, for people ("the joint objectives register").
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Card:
    """A card on the organization home (scope ``org``) or the collaboration overview.
    ``context(request, scope)`` returns the template's context, or None for no card; it must
    make a fixed number of queries."""

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class NextStep:
    """A step on the organization home's "Next steps" list: ``label`` links to ``url_name``
    (reversed with the organization's slug); ``done(organization)`` says whether it is done,
    in at most one query."""

    label: Any
    url_name: str
    done: Callable[[Any], bool]
    order: int = 100


@dataclass(frozen=True)
class NavLink:
    """A link in the organization's (``org``) or the joint space's (``collaboration``) menu."""

    label: Any
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class PlanSource:
    """Records a plan section shows from elsewhere (``kind``: ``rmp`` or ``jrmp``;
    ``section``: the section's key in ``accord.plans.sections``; ``key``: this source's own
    name, unique per plan kind). A section may show several sources, in ``order``.

    - ``load(owner, limit)``: the rows, in a fixed number of queries (``limit`` keeps the
      first rows of long lists on the page; documents pass None for all of them);
    - ``lines(rows)``: plain lines for documents and for the copy a version keeps when it is
      sent for review;
    - ``template``: shows the rows on the plan page (context: ``rows``, ``space``, and
      ``count``: the number of rows in all when the page shows only the first ``limit``,
      else None);
    - ``filled(rows)``: whether the rows fill the section (the plan's completeness);
    - ``count``: optional ``count(owner)``, asked only when ``load`` returned ``limit`` rows;
    - ``suggest``: optional ``suggest(rows) -> str``, a first text for the section built from
      the rows, which the section editor proposes (labelled as suggested) while the section's
      text is empty: a person confirms or edits it, nothing is saved until they save. A source
      that only suggests shows nothing (``template`` "") and fills nothing (``filled`` False).
    """

    kind: str
    section: str
    key: str
    load: Callable[[Any, int | None], Any]
    lines: Callable[[Any], list[str]]
    template: str
    filled: Callable[[Any], bool] = bool
    order: int = 100
    count: Callable[[Any], int] | None = None
    suggest: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class Due:
    """One reminder to send: ``key`` names this reminder instance (e.g.
    ``"risk-review:joint:42:2026-12-01"``); a key is sent once, ever, even with two workers."""

    user: Any
    subject: str
    body: str
    key: str


@dataclass(frozen=True)
class ReminderKind:
    """A kind of e-mail reminder: ``collect(today) -> list[Due]`` finds what is due on
    ``today`` (a date) in a fixed number of queries; each person may turn a kind off."""

    kind: str
    label: Any
    collect: Callable[[Any], list[Due]]


@dataclass(frozen=True)
class Step:
    """One app's part of the demo world or of the benchmark data: ``run(world)`` reads and
    adds attributes of the shared ``world`` namespace; steps run by ``order``."""

    name: str
    run: Callable[[Any], None]
    order: int


class Registry:
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._history: dict[str, list[HistorySource]] = {ORG: [], COLLABORATION: []}
        self._gates: list[GateCheckProvider] = []
        self._cards: dict[str, list[Card]] = {ORG: [], COLLABORATION: []}
        self._nav: dict[str, list[NavLink]] = {ORG: [], COLLABORATION: []}
        self._next_steps: list[NextStep] = []
        self._plan_sources: list[PlanSource] = []
        self._urls: list[tuple[str, str]] = []
        self._routers: list[Any] = []
        self._demo: list[Step] = []
        self._bench: list[Step] = []
        self._registers: list[Any] = []
        self._party_handlers: list[Callable[..., None]] = []
        self._periodic: list[tuple[Any, int]] = []
        self._demo_logins: list[tuple[str, str]] = []
        self._token_check: Callable[[str], Any] | None = None
        self._reminders: list[ReminderKind] = []

    # --- declaring ------------------------------------------------------------------------

    def history(self, scope: str, model: type, records: Callable[[Any], Any] | None = None) -> None:
        _check_scope(scope)
        if any(s.model is model for s in self._history[scope]):
            raise ValueError(f"{model.__name__} is in the {scope} history already")
        self._history[scope].append(HistorySource(model, records))

    def gate_checks(
        self,
        keys: Iterable[str],
        answer: Callable[[Any, Any, set[str]], dict[str, bool]],
        evidence: dict[str, str] | None = None,
    ) -> None:
        keys = frozenset(keys)
        taken = keys & self.gate_keys()
        if taken:
            raise ValueError(f"gate checks answered twice: {sorted(taken)}")
        self._gates.append(GateCheckProvider(keys, answer, evidence or {}))

    def card(self, scope: str, card: Card) -> None:
        _check_scope(scope)
        self._cards[scope].append(card)
        self._cards[scope].sort(key=lambda c: c.order)

    def next_step(self, step: NextStep) -> None:
        self._next_steps.append(step)
        self._next_steps.sort(key=lambda s: s.order)

    def nav(self, scope: str, label: Any, url_name: str, order: int = 100) -> None:
        _check_scope(scope)
        self._nav[scope].append(NavLink(label, url_name, order))
        self._nav[scope].sort(key=lambda n: n.order)

    def plan_source(self, source: PlanSource) -> None:
        if any((s.kind, s.key) == (source.kind, source.key) for s in self._plan_sources):
            raise ValueError(f"plan source {(source.kind, source.key)} registered twice")
        self._plan_sources.append(source)
        self._plan_sources.sort(key=lambda s: s.order)

    def urls(self, module: str, prefix: str = "") -> None:
        self._urls.append((prefix, module))

    def api_router(self, router: str) -> None:
        """``router``: the dotted path of the app's ninja Router (``"accord.risks.api.router"``),
        imported when the API is first built, so that serving pages never loads the API."""
        self._routers.append(router)

    def on_parties_changed(self, handler: Callable[..., None]) -> None:
        """``handler(collaboration, *, actor, base_url)`` runs after a party joins or leaves a
        collaboration, inside the same transaction (e.g. a plan waiting for every party's
        approval is approved when the last party that had not approved leaves)."""
        self._party_handlers.append(handler)

    def parties_changed(self, collaboration: Any, *, actor: Any = None, base_url: str = "") -> None:
        for handler in self._party_handlers:
            handler(collaboration, actor=actor, base_url=base_url)

    def demo_logins(self, logins: list[tuple[str, str]]) -> None:
        """(e-mail, who) of demo people an app's demo step creates, for ``load_demo``'s list."""
        self._demo_logins.extend(logins)

    def demo_login_list(self) -> list[tuple[str, str]]:
        return list(self._demo_logins)

    def periodic(self, task: Any, minutes: int) -> None:
        """A task of Django's tasks framework the worker (``manage.py accord_worker``) puts on
        the queue every ``minutes`` (a pass that must be safe to run twice, e.g. exits due
        today)."""
        self._periodic.append((task, minutes))

    def periodic_tasks(self) -> list[tuple[Any, int]]:
        return list(self._periodic)

    def demo(self, name: str, run: Callable[[Any], None], order: int) -> None:
        self._demo.append(Step(name, run, order))

    def bench(self, name: str, run: Callable[[Any], None], order: int) -> None:
        self._bench.append(Step(name, run, order))

    def reminder(self, kind: str, label: Any, collect: Callable[[Any], list[Due]]) -> None:
        """An e-mail reminder kind (``kind`` a short unique key, ``label`` what people see on
        their preferences). The reminders app's daily pass calls ``collect(today)`` and sends
        each ``Due`` once per ``key`` to people who have not turned the kind off."""
        if any(r.kind == kind for r in self._reminders):
            raise ValueError(f"reminder kind {kind!r} registered twice")
        self._reminders.append(ReminderKind(kind, label, collect))

    def api_token_check(self, check: Callable[[str], Any]) -> None:
        """``check(token) -> User | None``: the one check of a personal API token."""
        self._token_check = check

    def register(self, register: Any) -> None:
        """A register built with the register kit (``accord.core.registers``): its model's
        history joins its scope's export."""
        self._registers.append(register)
        if register.in_history and not any(s.model is register.model for s in self._history[register.scope]):
            self.history(register.scope, register.model)

    # --- reading --------------------------------------------------------------------------

    def history_sources(self, scope: str, owner: Any) -> list[tuple[type, Any]]:
        return [(s.model, s.queryset(scope, owner)) for s in self._history[scope]]

    def history_models(self, scope: str) -> list[type]:
        return [s.model for s in self._history[scope]]

    def gate_keys(self) -> frozenset[str]:
        return frozenset().union(*(p.keys for p in self._gates)) if self._gates else frozenset()

    def gate_evidence(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for provider in self._gates:
            out.update(provider.evidence)
        return out

    def answer_gates(self, collaboration: Any, party: Any, keys: set[str]) -> dict[str, bool]:
        """Answers for the ``keys`` Accord can tell; a provider is asked only for its own keys."""
        answers: dict[str, bool] = {}
        for provider in self._gates:
            wanted = set(keys) & provider.keys
            if wanted:
                answers.update(provider.answer(collaboration, party, wanted))
        return answers

    def cards(self, scope: str) -> list[Card]:
        return list(self._cards[scope])

    def nav_links(self, scope: str) -> list[NavLink]:
        return list(self._nav[scope])

    def next_steps(self) -> list[NextStep]:
        return list(self._next_steps)

    def plan_sources(self, kind: str, section: str | None = None) -> list[PlanSource]:
        """The sources of a plan kind (of one section, if named), in order."""
        return [s for s in self._plan_sources if s.kind == kind and section in (None, s.section)]

    def url_modules(self) -> list[tuple[str, str]]:
        """(prefix, module) of each app's URL configuration."""
        return list(self._urls)

    def api_routers(self) -> list[Any]:
        return [import_string(r) if isinstance(r, str) else r for r in self._routers]

    def demo_steps(self) -> list[Step]:
        return sorted(self._demo, key=lambda s: s.order)

    def bench_steps(self) -> list[Step]:
        return sorted(self._bench, key=lambda s: s.order)

    def authenticate_token(self, token: str) -> Any:
        """The user a personal API token belongs to, or None (no check registered: None)."""
        return self._token_check(token) if self._token_check is not None else None

    def registers(self) -> list[Any]:
        return list(self._registers)

    def reminders(self) -> list[ReminderKind]:
        return list(self._reminders)


def _check_scope(scope: str) -> None:
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")


registry = Registry()
