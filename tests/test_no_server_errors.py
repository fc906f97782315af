"""No input produces a server error: every form of registration and accreditation,
posted empty and posted with junk, answers with a page or a redirect, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import JoinRequestFactory, ParticipantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

JUNK = {
    "kind": "<script>",
    "country": "ZZ",
    "organisation": "999999",
    "decision": "maybe",
    "reason": "x" * 5000,
    "role": "king",
    "version": "not-a-number",
    "credentials_status": "stolen",
    "credentials_date": "31/31/2010",
    "delegations": ["abc", "-1"],
    "participants": ["999999"],
    "token": "forged",
    "start_date": "yesterday",
    "time_zone": "Mars/Olympus",
    "official_languages": ["xx"],
    "file": "not a file",
    "document": "not a file",
    "email": "@@",
    "q": "%",
    "category": "seven",
    "status": "???",
}


@pytest.fixture
def urls(delegation, meeting):
    participant = ParticipantFactory(delegation=delegation)
    join_request = JoinRequestFactory(delegation=delegation)
    pk = delegation.pk
    return [
        reverse("delegations:register", args=[meeting.slug]),
        reverse("delegations:join", args=[meeting.slug]),
        reverse("delegations:document_upload", args=[pk]),
        reverse("delegations:participant_add", args=[pk]),
        reverse("delegations:participant_edit", args=[pk, participant.pk]),
        reverse("delegations:submit", args=[pk]),
        reverse("delegations:join_request_decide", args=[pk, join_request.pk]),
        reverse("delegations:decide", args=[pk]),
        reverse("delegations:participant_decide", args=[pk, participant.pk]),
        reverse("delegations:credentials", args=[pk]),
        reverse("delegations:invitation_approve", args=[pk]),
        reverse("delegations:dashboard", args=[meeting.slug]),
        reverse("meetings:create"),
        reverse("meetings:edit", args=[meeting.slug]),
        reverse("meetings:treaty_status_create"),
        reverse("meetings:treaty_status_import"),
        reverse("accounts:sign_up"),
        reverse("accounts:password_reset"),
    ]


@pytest.mark.parametrize("as_secretariat", [False, True], ids=["focal-point", "secretariat"])
@pytest.mark.parametrize("payload", [{}, JUNK], ids=["empty", "junk"])
def test_forms_never_answer_with_a_server_error(client, focal_point, secretariat, urls, as_secretariat, payload):
    client.force_login(secretariat if as_secretariat else focal_point)

    for url in urls:
        response = client.post(url, payload)
        assert response.status_code < 500, url
        response = client.get(url, {"q": "%", "category": "x", "status": "?"})
        assert response.status_code < 500, url
