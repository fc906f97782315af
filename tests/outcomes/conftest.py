import pytest

from delegations.models import Delegation
from outcomes import services
from tests.factories import DelegationFactory, UserFactory
from tests.outcomes.factories import build_plan, deadline, organiser


@pytest.fixture
def meeting(db):
    from tests.factories import MeetingFactory

    return MeetingFactory(symbol_prefix="CCM/MSP/2010", title="First Meeting of States Parties", short_title="1MSP")


@pytest.fixture
def submitted_delegation(meeting):
    """Japan: registered but not (yet) accredited."""
    return DelegationFactory(meeting=meeting, country="JP", sort_name="Japan", status=Delegation.Status.SUBMITTED)


@pytest.fixture
def drafter(db):
    return organiser(full_name="Friend of the President")


@pytest.fixture
def stranger(db):
    """A logged-in user with no delegation and no drafting role."""
    return UserFactory(full_name="Someone Else")


@pytest.fixture
def plan(meeting, secretariat, drafter):
    document = services.document_create(
        meeting=meeting,
        by=secretariat,
        kind="action_plan",
        title="Vientiane Action Plan",
        agenda_item="Item 10: Consideration of documents",
        drafters=[drafter],
    )
    document.built = build_plan(document, secretariat)
    return document


@pytest.fixture
def circulated_plan(plan, secretariat, accredited, other_accredited):
    services.document_circulate(document=plan, by=secretariat, comment_deadline=deadline(), notify=False)
    plan.refresh_from_db()
    return plan
