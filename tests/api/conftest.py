import datetime as dt
import json

import pytest
from jsonschema import Draft202012Validator

from delegations.models import Delegation, Participant
from outcomes import services
from tests.factories import DelegationFactory, MeetingFactory, ParticipantFactory
from tests.outcomes.factories import build_plan, deadline


@pytest.fixture
def api_get(client):
    """GET an API address; the answer's JSON is `response.data`."""

    def get(url, **headers):
        response = client.get(url, **headers)
        response.data = json.loads(response.content) if response.content else None
        return response

    return get


@pytest.fixture
def openapi(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def validate(openapi):
    """Check a 200 answer against the response schema the OpenAPI document gives for its operation."""

    def check(path_template: str, data):
        operation = openapi["paths"][path_template]["get"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        # The whole document is the root, so that "#/components/schemas/..." references resolve.
        root = {**openapi, **schema}
        errors = sorted(Draft202012Validator(root).iter_errors(data), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]

    return check


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        slug="first-msp",
        title="First Meeting of States Parties",
        title_fr="Première Réunion des États parties",
        short_title="1MSP",
        symbol_prefix="CCM/MSP/2010",
        city="Vientiane",
        country="LA",
        time_zone="Asia/Vientiane",
        start_date=dt.date(2030, 11, 9),
        end_date=dt.date(2030, 11, 12),
    )


@pytest.fixture
def two_delegations(meeting):
    """France (approved) and Japan (submitted, not yet accredited), each with participants."""
    france = DelegationFactory(meeting=meeting, country="FR", sort_name="France", status=Delegation.Status.APPROVED)
    japan = DelegationFactory(meeting=meeting, country="JP", sort_name="Japan", status=Delegation.Status.SUBMITTED)
    listed = ParticipantFactory(
        delegation=france,
        given_name="Marie",
        family_name="Curie",
        role=Participant.Role.HEAD,
        email="marie.curie@diplomatie.example",
        status=Participant.Status.APPROVED,
    )
    hidden = ParticipantFactory(
        delegation=france,
        given_name="Jean",
        family_name="Secret",
        email="jean.secret@diplomatie.example",
        public_consent=False,
        status=Participant.Status.APPROVED,
    )
    pending = ParticipantFactory(
        delegation=france, given_name="Paul", family_name="Pending", status=Participant.Status.PENDING
    )
    unaccredited = ParticipantFactory(
        delegation=japan, given_name="Hana", family_name="Tanaka", status=Participant.Status.APPROVED
    )
    return {
        "france": france,
        "japan": japan,
        "listed": listed,
        "hidden": hidden,
        "pending": pending,
        "unaccredited": unaccredited,
    }


def _document(meeting, secretariat, title: str):
    document = services.document_create(
        meeting=meeting, by=secretariat, kind="action_plan", title=title, agenda_item="Item 10", drafters=[]
    )
    build_plan(document, secretariat)
    return document


def publish_plan(meeting, secretariat, title: str, symbol: str = ""):
    """An action plan circulated, adopted (as `symbol`, else its working-paper symbol) and published."""
    document = _document(meeting, secretariat, title)
    services.document_circulate(document=document, by=secretariat, comment_deadline=deadline(), notify=False)
    services.mark_all_agreed(document=document, by=secretariat)
    services.document_adopt(document=document, by=secretariat, own_symbol=symbol)
    services.document_publish(document=document, by=secretariat)
    document.refresh_from_db()
    return document


@pytest.fixture
def published_plan(meeting, secretariat):
    return publish_plan(meeting, secretariat, "Vientiane Action Plan", "CCM/MSP/2010/4")


@pytest.fixture
def draft_plan(meeting, secretariat):
    return _document(meeting, secretariat, "Secret Draft Declaration")


@pytest.fixture
def circulated_plan(meeting, secretariat):
    document = _document(meeting, secretariat, "Circulated Working Paper")
    services.document_circulate(document=document, by=secretariat, comment_deadline=deadline(), notify=False)
    return document
