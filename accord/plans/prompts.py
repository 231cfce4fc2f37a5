"""Prompts for writing each plan section: the questions the section should answer, a short
example for a small firm, and what a good section looks like. Written in our own words; the
clause each section cites is the section's own (``accord.plans.sections``).

The section editor shows them one click away (a disclosure), never as a wall of text.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Prompt:
    questions: tuple
    example: str
    good: str


RMP_PROMPTS = {
    "context": Prompt(
        (
            _("Which relationships and which parts of the business does this plan cover?"),
            _("Why does collaboration matter to you now?"),
            _("What in your market pushes you to work with others?"),
        ),
        _(
            "This plan covers our work with two key suppliers and one regional customer. Lead times "
            "are getting shorter and we cannot hold more stock, so we want fewer, closer partners."
        ),
        _("Two or three sentences a new employee understands: scope, reason, timing."),
    ),
    "policy": Prompt(
        (
            _("Why does your firm choose to work collaboratively?"),
            _("Who at the top stands behind this statement?"),
        ),
        _(
            "We work with a few partners openly and for the long term, because together we serve "
            "our customers better than alone. Our owner signs this statement and reviews it each year."
        ),
        _("Short enough to pin on a wall, signed off by the person who runs the firm."),
    ),
    "approach": Prompt(
        (
            _("Where does a collaborative relationship pay off for you?"),
            _("Where is a simple buy-and-sell relationship enough?"),
        ),
        _(
            "We collaborate where a partner shapes what our customers get (design, finishing). For "
            "standard parts we buy on price and keep it simple."
        ),
        _("A clear line between the relationships you invest in and the ones you keep transactional."),
    ),
    "leadership": Prompt(
        (
            _(
                "Who is your SER: the person who makes sure your collaborative way of working is in "
                "place and followed, and who can commit money and people?"
            ),
            _("Who runs each relationship day to day?"),
            _("Who decides what, and who steps in when the SER is away?"),
        ),
        _(
            "Our managing director is the senior executive responsible. Each key relationship has "
            "one owner in the team; the owner reports to the director every month."
        ),
        _("Every relationship has a named owner, and everyone knows who can say yes."),
    ),
    "vision_values": Prompt(
        (
            _("Which values guide how you work with partners?"),
            _("Which behaviours do you expect from your people and from partners?"),
            _("What do you not accept?"),
        ),
        _(
            "Openness: we share problems early. Reliability: we do what we said. We do not play "
            "partners against each other on price."
        ),
        _("Three to five values, each with a behaviour someone could observe."),
    ),
    "objectives": Prompt(
        (
            _("What should collaboration achieve for the business this year?"),
            _("How will you know it worked (a figure or a date)?"),
        ),
        _("Cut delivery time to our main customer from 15 to 10 days by June, with our finishing partner."),
        _("Few objectives, each measurable and with an owner."),
    ),
    "stakeholders": Prompt(
        (
            _("Who has a stake in your relationships (customers, staff, owners, lenders, community)?"),
            _("What does each of them expect from you?"),
        ),
        _(
            "Customers: on-time delivery and one contact. Staff: stable work. Our bank: steady cash "
            "flow. The town: local jobs."
        ),
        _("One line per stakeholder: who they are and what they expect."),
    ),
    "opportunities": Prompt(
        (
            _("Which relationships did you choose for a collaborative approach, and why?"),
            _("Which ones did you decide to keep transactional, or to revisit later?"),
        ),
        _(
            "We chose our coating supplier (high value, hard to replace). Freight stays transactional for now."
        ),
        _("Each choice comes from your register's scores and states the reason in a sentence."),
    ),
    "value_case": Prompt(
        (
            _("Which opportunities have a business case?"),
            _("What should each bring, and at what cost?"),
        ),
        _("Joint bid with our coating partner: about €40,000 of extra work a year for two days a month."),
        _("Each case has an expected value, the effort it needs and who decided it."),
    ),
    "resources": Prompt(
        (
            _("Which people, time and tools do you commit to collaboration?"),
            _("What capacity is that (days a month, budget)?"),
        ),
        _(
            "Our production lead gives two days a month to the partnership; we share one planning spreadsheet."
        ),
        _("Concrete commitments with names and capacity, not intentions."),
    ),
    "capability": Prompt(
        (
            _("What are you good at when working with others?"),
            _("Where are your gaps, and how will you close them?"),
        ),
        _("We are quick to decide but weak at written agreements: the director takes a one-day course."),
        _("Honest gaps, each with an action and a date."),
    ),
    "partner_selection": Prompt(
        (
            _("Which criteria besides price do you use to choose a partner?"),
            _("Who takes part in the choice?"),
        ),
        _(
            "We look at values, financial health and willingness to share plans. Two of us meet each candidate."
        ),
        _("Criteria you could score, and a choice that more than one person makes."),
    ),
    "communication": Prompt(
        (
            _("Who needs to hear about your collaborations (staff, customers, partners)?"),
            _("How and how often do you tell them?"),
        ),
        _("A five-minute update at the Monday team meeting; a short note to key customers each quarter."),
        _("Each audience with a channel and a rhythm."),
    ),
    "risk": Prompt(
        (
            _("What could go wrong in collaborating, inside your firm and with partners?"),
            _("What will you do about the biggest risks, and who watches them?"),
        ),
        _(
            "If our partner is bought by a competitor we lose our finishing: we keep a second supplier qualified."
        ),
        _("The few risks that matter, each with an owner and an action."),
    ),
    "improvement": Prompt(
        (
            _("When do you review this plan?"),
            _("How do you learn from each relationship?"),
        ),
        _(
            "We review the plan every January and after each project with a partner, noting what to keep or change."
        ),
        _("A date for the next review and a habit of writing lessons down."),
    ),
    "exit": Prompt(
        (
            _("What would make you end a relationship?"),
            _("How do you keep customers served if it ends?"),
            _("What happens to shared tools, data and know-how?"),
        ),
        _(
            "We would end it after repeated missed deliveries. We give three months' notice, finish "
            "open orders and return each other's tools and files."
        ),
        _("Triggers, continuity for customers and what happens to shared assets, agreed early."),
    ),
}

JRMP_PROMPTS = {
    "context": Prompt(
        (
            _("Why do the parties work together, and on what?"),
            _("What is in scope and what is not?"),
            _("Which working model is it (two firms, a network, a small firm with a larger one)?"),
        ),
        _("Two workshops bid together for regional rail refurbishment work; each keeps its own customers."),
        _("Every party would describe the collaboration in the same words."),
    ),
    "leadership": Prompt(
        (
            _("Who is each party's senior executive responsible?"),
            _("What can each of them decide or commit?"),
        ),
        _("Each firm's owner is its SER and can commit up to €10,000 without asking anyone."),
        _("Named people with clear authority on every side."),
    ),
    "vision_values": Prompt(
        (
            _("What do the parties want to achieve together in the long run?"),
            _("Which behaviours do all parties commit to?"),
        ),
        _("Become the region's first choice for small-batch refurbishment. We share bad news within a day."),
        _("A short shared vision and behaviours every party signs up to."),
    ),
    "objectives": Prompt(
        (
            _("What will the parties achieve together, by when?"),
            _("What does each party want from it for itself?"),
        ),
        _("Win two tenders this year. We want steady work; our partner wants to enter rail."),
        _("Joint objectives that are measurable, and each party's own drivers said openly."),
    ),
    "governance": Prompt(
        (
            _("Which meetings steer the collaboration, and how often?"),
            _("Who decides what, and how is a decision escalated?"),
        ),
        _("Owners meet monthly; the project leads talk weekly. Money above €5,000 goes to both owners."),
        _("Forums, rhythm and decision rights a newcomer could follow."),
    ),
    "organisation": Prompt(
        (
            _("Who is on the joint team, from which party?"),
            _("Who does what?"),
        ),
        _("One lead from each firm, plus our estimator for bids."),
        _("Every role filled, every person knows their part."),
    ),
    "contract": Prompt(
        (
            _("Which agreements are in place?"),
            _("What are the key commercial terms?"),
        ),
        _("A teaming agreement signed in March; revenue is split by the hours each party works."),
        _("A summary a partner can check against the signed documents."),
    ),
    "knowledge_sharing": Prompt(
        (
            _("What can be shared, what could be shared on request, and what never?"),
            _("Who owns what the parties develop together?"),
        ),
        _(
            "We share drawings for joint bids; prices to other customers stay private; joint designs are owned by both."
        ),
        _("Clear lists of what is shared, with owners and confidentiality."),
    ),
    "communication": Prompt(
        (
            _("Who tells whom what, through which channel?"),
            _("How often, and who speaks to customers?"),
        ),
        _("Weekly call between leads; one shared folder; only the bid lead speaks to the customer."),
        _("No one is surprised: each audience, channel and rhythm is named."),
    ),
    "risk": Prompt(
        (
            _("Which risks do the parties manage together?"),
            _("Who owns each, and what is being done?"),
        ),
        _("If one firm is overloaded the bid slips: we check capacity together before each bid."),
        _("Shared risks with owners and actions, reviewed at each meeting."),
    ),
    "value_creation": Prompt(
        (
            _("How do the parties find value beyond the contract?"),
            _("How is extra value shared?"),
        ),
        _("Each quarter we list one idea to cut cost; savings are split half and half."),
        _("A routine for ideas and a fair, agreed split."),
    ),
    "measurement": Prompt(
        (
            _("How do the parties measure delivery and the health of the relationship?"),
            _("When do you review the figures together?"),
        ),
        _("On-time delivery and a short trust survey every six months, reviewed at the owners' meeting."),
        _("A few measures of results and of the relationship, with a review date."),
    ),
    "issue_resolution": Prompt(
        (
            _("How is a disagreement raised?"),
            _("Who handles it at each level, and within how long?"),
        ),
        _("Leads settle it within a week; if not, the owners within two weeks; then a mediator."),
        _("Levels and time limits everyone knows before a dispute arises."),
    ),
    "improvement": Prompt(
        (
            _("How do the parties capture lessons?"),
            _("When is this plan reviewed and updated?"),
        ),
        _("After each bid we note three lessons; the plan is reviewed every six months."),
        _("Lessons that lead to changes, and a review date."),
    ),
    "exit": Prompt(
        (
            _("What would end the collaboration, and how much notice is given?"),
            _("How are customers, people, assets and knowledge handled at the end?"),
        ),
        _(
            "Either party may leave with three months' notice after open bids close; shared drawings stay with both."
        ),
        _("An exit agreed at the start, while everyone is on good terms."),
    ),
}


def prompt_for(kind: str, key: str) -> Prompt | None:
    return (RMP_PROMPTS if kind == "rmp" else JRMP_PROMPTS).get(key)
