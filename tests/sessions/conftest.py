import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import Category, Organisation
from delegations.models import Delegation
from sessions import services
from tests.conftest import make_pdf_bytes
from tests.factories import OrganisationDelegationFactory, OrganisationFactory, UserFactory

from .factories import ApprovedDelegationFactory, RoomFactory


@pytest.fixture
def planner(db):
    """A member of the presidency (role organiser): plans the programme, does not run lists of speakers."""
    return UserFactory(role=User.Role.ORGANISER, full_name="Friend of the President")


@pytest.fixture
def agenda(meeting):
    return services.agenda_for(meeting)


@pytest.fixture
def item(agenda, secretariat):
    return services.agenda_item_add(
        agenda=agenda, by=secretariat, data={"title": "General exchange of views", "thematic_area": "general_exchange"}
    )


@pytest.fixture
def room(meeting):
    return RoomFactory(meeting=meeting, name="Plenary Hall", capacity=800)


@pytest.fixture
def speakers_list(meeting, item, secretariat):
    return services.speakers_list_open(meeting=meeting, by=secretariat, agenda_item=item, time_limit_seconds=300)


@pytest.fixture
def make_delegation(meeting):
    """An approved delegation of the meeting in a given category: states by ISO code, organisations by name."""

    def make(key: str, category: int, **extra):
        if category >= Category.RULE_1_2:
            organisation = OrganisationFactory(
                name=key, kind=Organisation.Kind.INTERNATIONAL, attends_as_of_right=category == Category.RULE_1_2
            )
            return OrganisationDelegationFactory(
                meeting=meeting,
                organisation=organisation,
                category=category,
                status=Delegation.Status.APPROVED,
                **extra,
            )
        return ApprovedDelegationFactory(meeting=meeting, country=key, category=category, **extra)

    return make


@pytest.fixture
def statement_pdf():
    return SimpleUploadedFile("Statement of France.pdf", make_pdf_bytes("Statement"), content_type="application/pdf")
