import datetime as dt

import pytest

from ccm_portal.meetings.models import Category
from delegations.models import Delegation
from sessions import services as sessions_services
from tests.factories import DelegationFactory, MeetingFactory, OrganisationDelegationFactory, OrganisationFactory

APPROVED = Delegation.Status.APPROVED


@pytest.fixture(autouse=True)
def _jobs_run_in_the_request(settings):
    settings.RENDER_JOBS_RUNNER = "inline"


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        title="First Meeting of States Parties",
        short_title="1MSP",
        symbol_prefix="CCM/MSP/2010",
        city="Vientiane",
        country="LA",
        venue="",
        presiding_state="LA",
        start_date=dt.date(2010, 11, 9),
        end_date=dt.date(2010, 11, 12),
        time_zone="Asia/Vientiane",
    )


def state(meeting, country, category=Category.STATE_PARTY, **extra):
    return DelegationFactory(meeting=meeting, country=country, category=category, status=APPROVED, **extra)


@pytest.fixture
def world(meeting, secretariat):
    """An adopted agenda (one item coordinated by Norway), accredited states of each category,
    two observers under rule 1.2, and a state that is registered but not accredited."""
    agenda = sessions_services.agenda_for(meeting)
    for title, coordinator in (
        ("Opening of the Meeting", ""),
        ("Election of the President of the Meeting", ""),
        ("Victim assistance", "NO"),
    ):
        sessions_services.agenda_item_add(
            agenda=agenda, by=secretariat, data={"title": title, "coordinator": coordinator}
        )
    sessions_services.agenda_adopt(agenda=agenda, by=secretariat)
    state(meeting, "NO", credentials_status="copy")
    state(meeting, "LA", credentials_status="accepted")
    state(meeting, "AT", credentials_status="accepted")
    state(meeting, "ID", Category.SIGNATORY)
    state(meeting, "US", Category.OBSERVER_STATE)
    DelegationFactory(meeting=meeting, country="JP", status=Delegation.Status.SUBMITTED)
    for name in ("International Committee of the Red Cross", "Cluster Munition Coalition"):
        OrganisationDelegationFactory(
            meeting=meeting,
            organisation=OrganisationFactory(name=name),
            category=Category.RULE_1_2,
            status=APPROVED,
        )
    return meeting
