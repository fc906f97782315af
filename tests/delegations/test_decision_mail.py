"""E-mail after decisions: one digest per delegation per batch, and approved participants told themselves."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from delegations import services
from delegations.models import Delegation, Participant
from tests.factories import DelegationFactory, ParticipantFactory, UserFactory


def _body(message) -> str:
    return " ".join(message.body.split())


@pytest.fixture
def submitted(meeting, focal_point):
    focal_point.language = "fr"
    focal_point.save(update_fields=["language"])
    return DelegationFactory(
        meeting=meeting, country="NO", sort_name="Norway", created_by=focal_point, status=Delegation.Status.SUBMITTED
    )


@pytest.mark.django_db
def test_bulk_approval_of_three_participants_sends_one_digest_and_one_mail_to_each_in_their_language(
    submitted, focal_point, secretariat, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_CONTACT_EMAIL = "Secretariat <secretariat@ccm.example>"
    people = [
        ParticipantFactory(
            delegation=submitted, given_name=name, family_name="Hansen", email=f"{name.lower()}@mfa.example"
        )
        for name in ("Ingrid", "Ola", "Kari")
    ]
    UserFactory(email="kari@mfa.example", language="es")  # Kari chose Spanish; the others have no account
    meeting = submitted.meeting

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_in_bulk(participants=people, by=secretariat, approve=True)

    assert len(mail.outbox) == 4
    to_focal_point = [m for m in mail.outbox if focal_point.email in m.to]
    assert len(to_focal_point) == 1
    digest = _body(to_focal_point[0])
    assert digest.startswith("Madame, Monsieur,")  # the focal point chose French
    for name in ("Ingrid", "Ola", "Kari"):
        assert f"{name} HANSEN" in digest or f"{name} Hansen" in digest
    by_address = {m.to[0]: m for m in mail.outbox if m.to != to_focal_point[0].to}
    assert set(by_address) == {"ingrid@mfa.example", "ola@mfa.example", "kari@mfa.example"}
    with translation.override("es"):
        spanish_day = date_format(meeting.start_date, "DATE_FORMAT")
    with translation.override("en"):
        english_day = date_format(meeting.start_date, "DATE_FORMAT")
    assert spanish_day != english_day
    assert spanish_day in _body(by_address["kari@mfa.example"])
    assert english_day in _body(by_address["ola@mfa.example"])  # the meeting's first language
    ola = _body(by_address["ola@mfa.example"])
    assert "The secretariat of the Convention on Cluster Munitions" in ola
    assert "Palais des Nations, Geneva" in ola
    assert "collect your badge" in ola.lower()
    for message in mail.outbox:
        text = _body(message)
        assert "secretariat@ccm.example" in text
        assert "\n-- \n" in message.body  # the sign-off, set apart
        html = message.alternatives[0]
        assert html.mimetype == "text/html"
        assert "secretariat@ccm.example" in html.content


@pytest.mark.django_db
def test_a_batch_deciding_a_delegation_and_its_people_is_one_mail_per_delegation(
    submitted, meeting, secretariat, django_capture_on_commit_callbacks
):
    other = DelegationFactory(meeting=meeting, country="JP", sort_name="Japan", status=Delegation.Status.SUBMITTED)
    ours = [ParticipantFactory(delegation=submitted) for _ in range(2)]
    theirs = [ParticipantFactory(delegation=other)]

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_in_bulk(
            delegations=[submitted, other], participants=ours + theirs, by=secretariat, approve=False, reason="Late"
        )

    # Rejected participants are not written to; each delegation's focal points get one message.
    assert len(mail.outbox) == 2
    japan, norway = sorted(mail.outbox, key=lambda m: "Norway" in m.subject)
    assert japan.subject.endswith("Japan: 2 decisions on registrations")  # the meeting's English
    assert "Norway : 3 décisions" in norway.subject  # the French focal point's language
    assert norway.body.count("Late") == 3  # the delegation's reason and each participant's
    assert Participant.objects.filter(status=Participant.Status.REJECTED).count() == 3


@pytest.mark.django_db
def test_the_sign_off_defaults_to_the_sender_address(submitted, secretariat, django_capture_on_commit_callbacks):
    participant = ParticipantFactory(delegation=submitted, email="solo@mfa.example")

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_decide(participant=participant, by=secretariat, approve=True)

    (to_participant,) = [m for m in mail.outbox if m.to == ["solo@mfa.example"]]
    assert "no-reply@ccm-portal.example" in to_participant.body
    assert to_participant.body.rstrip().splitlines()[-4] == "-- "
