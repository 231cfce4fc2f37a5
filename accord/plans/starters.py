"""Starting templates: a first text for each section of an empty plan, per working model
(ISO 44003's three: one small firm with another, a network of small firms, small firms with a
larger organization). A person picks one; it fills the sections that are still empty, and they
edit from there. Written to be true of most small firms as they stand, so a plan approved with
them says something real; the person sharpens them.
"""

from django.utils.translation import gettext_lazy as _

# The working models (the same values as ``collaborations.WorkingModel``; kept here so that
# plans' models do not import the collaborations app's).
ONE_TO_ONE, NETWORK, WITH_LARGER = "one_to_one", "network", "with_larger"
STARTING_TEMPLATE_CHOICES = [
    (ONE_TO_ONE, _("One small firm with another")),
    (NETWORK, _("A network or group of small firms")),
    (WITH_LARGER, _("Small firm(s) with a larger organization")),
]

_BASE = {
    "rmp": {
        "context": _(
            "This plan covers the relationships our register marks for collaboration, and the "
            "people who run them. We write it because a few close partners matter more to our "
            "customers than many occasional ones."
        ),
        "policy": _(
            "We work collaboratively with a few chosen partners, openly and for the long term, where "
            "it serves our customers better than working alone. Our senior executive responsible "
            "stands behind this statement and reviews it every year."
        ),
        "approach": _(
            "We collaborate where a partner shapes what our customers receive or where we could not "
            "win the work alone. Everything else we buy and sell simply, on fair terms."
        ),
        "leadership": _(
            "Our senior executive responsible makes sure our collaborative way of working is in "
            "place and followed, and can commit people and money. Each collaborative relationship has one owner in the team, who reports to the "
            "SER every month."
        ),
        "vision_values": _(
            "Openness: we share problems early. Reliability: we do what we said. Fairness: we do "
            "not play partners against each other."
        ),
        "objectives": _(
            "For each collaborative relationship we set one or two objectives with a figure and a "
            "date, and check them at the monthly review."
        ),
        "stakeholders": _(
            "Customers expect reliable delivery and one contact. Our staff expect stable work. "
            "Owners and lenders expect steady results."
        ),
        "opportunities": _(
            "We choose partners from our register: relationships that score high on value and on "
            "collaboration potential. The others stay transactional and are reviewed each year."
        ),
        "value_case": _(
            "Before we invest in a collaboration we write a short business case: what it should "
            "bring, what it costs and who decides."
        ),
        "resources": _(
            "Each relationship owner gives time every month to their partner; the SER joins the "
            "reviews. We record what we commit in Accord's resources list."
        ),
        "capability": _(
            "We decide quickly and know our partners personally. We need to get better at written "
            "agreements and at sharing plans; the SER names one action each year."
        ),
        "partner_selection": _(
            "Beyond price we look at shared values, financial health and willingness to share plans. "
            "At least two of us meet a candidate before we decide."
        ),
        "communication": _(
            "The team hears about our collaborations at the weekly meeting; key customers and "
            "partners hear from the relationship owner when something changes."
        ),
        "risk": _(
            "Our main risks are depending on one partner, losing know-how and misunderstandings. "
            "Each relationship owner keeps them in Accord's risk register with an action."
        ),
        "improvement": _(
            "We review this plan once a year and after each project with a partner, and write down "
            "what to keep and what to change."
        ),
        "exit": _(
            "A relationship may end after repeated failures, a change of owner or a change of "
            "strategy. We give notice, finish open orders, keep customers served and return shared "
            "tools and files."
        ),
    },
    "jrmp": {
        "context": _(
            "The parties work together on the scope described in the joint space; each keeps its "
            "own customers and business outside it."
        ),
        "leadership": _(
            "Each party names its senior executive responsible, who can commit its people and money "
            "to the collaboration."
        ),
        "vision_values": _(
            "We aim to serve our customers together better than each could alone. We share bad "
            "news early, keep our word and treat each other's information with care."
        ),
        "objectives": _(
            "The parties agree one or two joint objectives with a figure and a date, and each says "
            "openly what it wants from the collaboration for itself."
        ),
        "governance": _(
            "The SERs meet every quarter; the joint team meets every month. Decisions above the "
            "team's authority go to the SERs."
        ),
        "organisation": _("Each party names at least one person to the joint team, with their role."),
        "contract": _(
            "The agreements between the parties are listed here with their key terms; the signed "
            "documents prevail."
        ),
        "knowledge_sharing": _(
            "Each party shares what the joint work needs, keeps its prices and other customers "
            "private, and owns what it brought. What we develop together is owned by all parties."
        ),
        "communication": _(
            "The team leads talk every week and keep one shared folder; one agreed person speaks to "
            "each customer."
        ),
        "risk": _(
            "The parties keep their joint risks in Accord's joint risk register, each with an owner, "
            "and review them at every team meeting."
        ),
        "value_creation": _(
            "At each quarterly meeting the parties look for one improvement beyond the contract and "
            "agree how its benefit is shared."
        ),
        "measurement": _(
            "The parties track on-time delivery and the health of the relationship, and review both "
            "every six months."
        ),
        "issue_resolution": _(
            "A disagreement is first settled by the team leads within a week, then by the SERs "
            "within two weeks; after that the parties ask a mediator."
        ),
        "improvement": _(
            "After each piece of joint work the team writes down its lessons; the plan is reviewed "
            "every six months."
        ),
        "exit": _(
            "Either party may leave with three months' notice once open commitments are met. "
            "Customers stay served, each party takes back what it brought, and joint know-how stays "
            "with all parties."
        ),
    },
}

_BY_MODEL = {
    ONE_TO_ONE: {
        "rmp": {
            "context": _(
                "This plan covers our closest partnerships, each between our firm and one other "
                "small firm, and the people who run them."
            ),
        },
        "jrmp": {
            "context": _(
                "Two small firms work together on the scope described in the joint space; each "
                "keeps its own customers and business outside it."
            ),
            "governance": _(
                "The two owners meet every month; the people doing the work talk every week. "
                "Decisions that commit money or people need both owners."
            ),
        },
    },
    NETWORK: {
        "rmp": {
            "context": _(
                "This plan covers our part in a network of small firms that bid and deliver "
                "together, and the people who represent us in it."
            ),
            "communication": _(
                "Our representative in the network tells the team what the network decides at the "
                "weekly meeting; news for the network goes through the network's coordinator."
            ),
        },
        "jrmp": {
            "context": _(
                "A network of small firms works together on the scope described in the joint "
                "space; one member coordinates, every member keeps its own business outside it."
            ),
            "governance": _(
                "The members' SERs meet every quarter and decide by a majority of members; the "
                "coordinator runs the monthly team meeting and keeps the decision log."
            ),
            "exit": _(
                "A member may leave with three months' notice once its open commitments are met; "
                "the network goes on with the others. What the leaving member brought goes back to "
                "it; joint know-how stays with the network."
            ),
        },
    },
    WITH_LARGER: {
        "rmp": {
            "context": _(
                "This plan covers our work with a larger organization as one of its suppliers or "
                "partners, and what we need to stay a good partner while staying independent."
            ),
            "risk": _(
                "Depending too much on one large customer is our main risk: we keep its share of our "
                "turnover in view and keep other customers. Each risk has an owner in Accord's risk "
                "register."
            ),
        },
        "jrmp": {
            "context": _(
                "A small firm and a larger organization work together on the scope described in the "
                "joint space; decisions take both sizes into account."
            ),
            "governance": _(
                "The larger organization names one contact who can decide; the SERs meet every "
                "quarter. Payment terms and changes of scope are agreed by both SERs."
            ),
        },
    },
}


def starter_text(model: str, kind: str, key: str) -> str:
    """The template's text for one section ("" when it has none)."""
    text = _BY_MODEL.get(model, {}).get(kind, {}).get(key) or _BASE.get(kind, {}).get(key)
    return str(text) if text else ""


def is_starting_template(model: str) -> bool:
    return model in {value for value, _label in STARTING_TEMPLATE_CHOICES}
