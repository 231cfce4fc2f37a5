"""Value creation: services (status transitions, expected and realised values) and the
totals, checked against figures worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from accord.core.errors import ApplicationError, ConflictError
from accord.value import selectors, services
from accord.value.models import InitiativeStatus, ValueEstimate, ValueRealisation
from accord.value.tests.helpers import initiative, money, parties

S = InitiativeStatus


def test_initiative_starts_as_idea_and_moves_along_the_allowed_steps(world):
    bw, _lumen = parties(world)
    item = initiative(world, bw)
    assert item.status == S.IDEA and item.proposer == bw
    for status in (S.ASSESSED, S.APPROVED, S.IN_PROGRESS, S.REALISED):
        item = services.initiative_set_status(item=item, status=status, expected_version=item.version)
        assert item.status == status
    assert item.closed_on is not None
    item = services.initiative_set_status(item=item, status=S.IN_PROGRESS, expected_version=None)
    assert item.closed_on is None


def test_status_cannot_skip_steps(world):
    bw, _ = parties(world)
    item = initiative(world, bw)
    with pytest.raises(ApplicationError) as error:
        services.initiative_set_status(item=item, status=S.REALISED, expected_version=item.version)
    assert error.value.field == "status"
    assert "cannot become realised" in error.value.message
    assert "assessed, dropped" in error.value.message
    with pytest.raises(ApplicationError, match="already"):
        services.initiative_set_status(item=item, status=S.IDEA, expected_version=None)
    with pytest.raises(ApplicationError):
        services.initiative_set_status(item=item, status="bogus", expected_version=None)


def test_dropped_can_only_come_back_as_idea(world):
    bw, _ = parties(world)
    item = initiative(world, bw)
    item = services.initiative_set_status(item=item, status=S.DROPPED, expected_version=None)
    with pytest.raises(ApplicationError):
        services.initiative_set_status(item=item, status=S.APPROVED, expected_version=None)
    item = services.initiative_set_status(item=item, status=S.IDEA, expected_version=None)
    assert item.status == S.IDEA and item.closed_on is None


def test_status_change_with_a_stale_version_is_a_conflict(world):
    bw, _ = parties(world)
    item = initiative(world, bw)
    services.initiative_update(item=item, data={"title": "Van"}, expected_version=item.version)
    with pytest.raises(ConflictError):
        services.initiative_set_status(item=item, status=S.ASSESSED, expected_version=item.version)


def test_owner_party_must_be_a_party(world):
    from accord.collaborations.models import Collaboration, Party

    bw, _ = parties(world)
    other = Collaboration.objects.create(name="Other")
    stranger = Party.objects.create(collaboration=other, organization=world.globex)
    with pytest.raises(ApplicationError):
        initiative(world, bw, owner_party=stranger)


def test_estimate_kinds(world):
    bw, lumen = parties(world)
    item = initiative(world, bw)
    e = services.estimate_set(initiative=item, party=bw, data=money("1200.50", "eur"))
    assert e.currency == "EUR" and e.unit == ""
    e = services.estimate_set(
        initiative=item,
        party=bw,
        data={"kind": "quantity", "amount": Decimal(10), "unit": "hours/month"},
        expected_version=e.version,
    )
    assert e.currency == "" and e.unit == "hours/month" and e.measure == "hours/month"
    assert ValueEstimate.objects.in_scope(world.collaboration).count() == 1
    q = services.estimate_set(
        initiative=item, party=lumen, data={"kind": "qualitative", "description": "Happier chefs"}
    )
    assert q.amount is None and q.display == "Happier chefs"
    with pytest.raises(ApplicationError):
        services.estimate_set(initiative=item, party=lumen, data={"kind": "money", "amount": Decimal(5)})
    with pytest.raises(ApplicationError):
        services.estimate_set(initiative=item, party=lumen, data={"kind": "quantity", "amount": Decimal(5)})
    with pytest.raises(ApplicationError):
        services.estimate_set(initiative=item, party=lumen, data={"kind": "qualitative", "description": " "})
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.estimate_set(initiative=item, party=lumen, data=money("5", "EURO"))


def test_realisation_takes_the_currency_of_the_estimate(world):
    bw, _ = parties(world)
    item = initiative(world, bw)
    services.estimate_set(initiative=item, party=bw, data=money("1000", "GBP"))
    r = services.realisation_add(
        initiative=item,
        party=bw,
        data={"amount": Decimal(250), "evidence": "Fuel invoices", "realised_on": date(2026, 3, 1)},
    )
    assert r.currency == "GBP" and r.display == "250.00 GBP"
    with pytest.raises(ApplicationError):
        services.realisation_add(
            initiative=item,
            party=bw,
            data={"amount": Decimal(1), "currency": "EUR", "unit": "h", "evidence": "x"},
        )
    words = services.realisation_add(
        initiative=item, party=bw, data={"evidence": "Customers noticed", "currency": "EUR"}
    )
    assert words.amount is None and words.currency == ""


def test_definition_one_per_party(world):
    bw, _ = parties(world)
    d = services.definition_create(
        collaboration=world.collaboration, party=bw, data={"statement": "Lower cost"}
    )
    with pytest.raises(ApplicationError):
        services.definition_create(collaboration=world.collaboration, party=bw, data={"statement": "Again"})
    d = services.definition_update(
        item=d, data={"statement": "Lower cost per delivery"}, expected_version=d.version
    )
    assert d.version == 2


def _realise(world, item, party, amount, currency, on):
    return services.realisation_add(
        initiative=item,
        party=party,
        data={"amount": Decimal(amount), "currency": currency, "evidence": "ledger", "realised_on": on},
    )


def test_totals_per_party_category_and_currency(world):
    bw, lumen = parties(world)
    van = initiative(world, bw, "Van", "cost")
    stand = initiative(world, lumen, "Market stand", "market")
    dropped = initiative(world, bw, "Dropped idea", "innovation")
    hours = initiative(world, bw, "Shared admin", "capability")
    services.estimate_set(initiative=van, party=bw, data=money("1000.10"))
    services.estimate_set(initiative=van, party=lumen, data=money("500"))
    services.estimate_set(initiative=stand, party=lumen, data=money("300", "GBP"))
    services.estimate_set(initiative=stand, party=bw, data=money("200"))
    services.estimate_set(initiative=dropped, party=bw, data=money("9999"))
    services.estimate_set(
        initiative=hours, party=lumen, data={"kind": "quantity", "amount": Decimal(12), "unit": "hours/month"}
    )
    services.estimate_set(
        initiative=hours, party=bw, data={"kind": "qualitative", "description": "less stress"}
    )
    services.initiative_set_status(item=dropped, status=S.DROPPED, expected_version=None)
    _realise(world, van, bw, "250.05", "EUR", date(2026, 1, 15))
    _realise(world, van, bw, "300", "EUR", date(2026, 5, 1))
    _realise(world, van, lumen, "100", "EUR", date(2026, 5, 20))
    _realise(world, stand, lumen, "50", "GBP", date(2026, 2, 1))
    _realise(world, dropped, bw, "10", "EUR", date(2026, 2, 1))
    services.realisation_add(
        initiative=hours,
        party=lumen,
        data={
            "amount": Decimal(4),
            "unit": "hours/month",
            "evidence": "timesheets",
            "realised_on": date(2026, 3, 3),
        },
    )

    totals = {t.measure: t for t in selectors.value_totals(world.collaboration)}
    assert list(totals) == ["EUR", "GBP", "hours/month"]  # money first, never mixed
    eur = totals["EUR"]
    assert eur.is_money
    # Expected EUR: 1000.10 + 500 + 200 (dropped 9999 left out); realised: 250.05 + 300 + 100 + 10.
    assert eur.total.expected == Decimal("1700.10")
    assert eur.total.realised == Decimal("660.05")
    by_party = {p.key: p for p in eur.by_party}
    assert by_party[bw.pk].expected == Decimal("1200.10") and by_party[bw.pk].realised == Decimal("560.05")
    assert by_party[lumen.pk].expected == Decimal("500") and by_party[lumen.pk].realised == Decimal("100")
    by_category = {c.key: c for c in eur.by_category}
    assert by_category["cost"].expected == Decimal("1500.10") and by_category["cost"].realised == Decimal(
        "650.05"
    )
    assert by_category["market"].expected == Decimal("200") and by_category["market"].realised == 0
    assert by_category["innovation"].expected == 0 and by_category["innovation"].realised == Decimal("10")
    gbp = totals["GBP"]
    assert (gbp.total.expected, gbp.total.realised) == (Decimal("300"), Decimal("50"))
    assert [p.key for p in gbp.by_party] == [lumen.pk]
    h = totals["hours/month"]
    assert not h.is_money and (h.total.expected, h.total.realised) == (Decimal(12), Decimal(4))
    assert h.by_category[0].key == "capability" and h.total.share == 33

    over = {o.measure: o for o in selectors.realised_over_time(world.collaboration)}
    eur_time = over["EUR"]
    assert [q.label for q in eur_time.quarters] == ["2026 Q1", "2026 Q2"]
    assert eur_time.quarters[0].values == {bw.pk: Decimal("260.05"), lumen.pk: 0}
    assert eur_time.quarters[1].values == {bw.pk: Decimal("560.05"), lumen.pk: Decimal("100")}
    assert [p.key for p in eur_time.parties] == [bw.pk, lumen.pk]


def test_over_time_fills_quarters_without_realisations(world):
    bw, _ = parties(world)
    van = initiative(world, bw)
    _realise(world, van, bw, "10", "EUR", date(2025, 11, 1))
    _realise(world, van, bw, "5", "EUR", date(2026, 7, 1))
    (series,) = selectors.realised_over_time(world.collaboration)
    assert [q.label for q in series.quarters] == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert [q.values[bw.pk] for q in series.quarters] == [10, 10, 10, 15]


def test_gate_answers(world):
    bw, lumen = parties(world)
    keys = {"value_defined", "idea_register_in_use", "benefits_tracked"}
    assert selectors.gate_answers(world.collaboration, keys) == dict.fromkeys(keys, False)
    services.definition_create(collaboration=world.collaboration, party=bw, data={"statement": "a"})
    assert not selectors.gate_answers(world.collaboration, keys)["value_defined"]
    services.definition_create(collaboration=world.collaboration, party=lumen, data={"statement": "b"})
    van = initiative(world, bw)
    services.estimate_set(initiative=van, party=bw, data=money("1"))
    answers = selectors.gate_answers(world.collaboration, keys)
    assert answers == {"value_defined": True, "idea_register_in_use": True, "benefits_tracked": False}
    _realise(world, van, bw, "1", "EUR", date(2026, 1, 1))
    assert selectors.gate_answers(world.collaboration, keys)["benefits_tracked"]


def test_totals_query_count_does_not_grow(world, django_assert_max_num_queries):
    bw, lumen = parties(world)
    for n in range(30):
        item = initiative(world, bw if n % 2 else lumen, f"I{n}", "cost" if n % 3 else "risk")
        services.estimate_set(initiative=item, party=bw, data=money(str(n)))
        _realise(world, item, lumen, "1", "EUR", date(2026, 1 + n % 12, 1))
    assert ValueRealisation.objects.in_scope(world.collaboration).count() == 30
    with django_assert_max_num_queries(3):
        selectors.value_totals(world.collaboration)
    with django_assert_max_num_queries(2):
        selectors.realised_over_time(world.collaboration)
