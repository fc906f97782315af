import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from ccm_portal.audit.models import AuditEntry
from ccm_portal.meetings.models import Category
from delegations import services
from delegations.models import Delegation, JoinRequest, Participant
from tests.factories import (
    DelegationFactory,
    JoinRequestFactory,
    OrganisationFactory,
    ParticipantFactory,
    TreatyStatusFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def participant_data(**overrides):
    data = {
        "title": "Ms.",
        "given_name": "Ana",
        "family_name": "Pérez",
        "function": "Counsellor",
        "role": Participant.Role.REPRESENTATIVE,
        "email": "ana@mission.example",
        "gender": Participant.Gender.FEMALE,
        "accessibility_needs": "",
        "needs_visa_letter": False,
        "public_consent": True,
    }
    return {**data, **overrides}


def test_register_state_derives_category_from_register_as_of_first_day(meeting, focal_point):
    TreatyStatusFactory(country="NO")
    TreatyStatusFactory(
        country="PH", signature_date=dt.date(2008, 12, 3), ratification_date=None, entry_into_force_date=None
    )

    norway = services.delegation_register(meeting=meeting, user=focal_point, kind="state", country="NO")
    philippines = services.delegation_register(meeting=meeting, user=UserFactory(), kind="state", country="PH")
    chile = services.delegation_register(meeting=meeting, user=UserFactory(), kind="state", country="CL")

    assert norway.category == Category.STATE_PARTY
    assert philippines.category == Category.SIGNATORY
    assert chile.category == Category.OBSERVER_STATE
    assert norway.status == Delegation.Status.DRAFT
    assert list(norway.focal_points.all()) == [focal_point]
    assert AuditEntry.objects.filter(trail=norway.trail, action="registered").exists()


def test_ratified_but_not_in_force_is_signatory_with_note(meeting, focal_point):
    first_day = meeting.start_date
    TreatyStatusFactory(
        country="GH",
        signature_date=dt.date(2008, 12, 3),
        ratification_date=first_day - dt.timedelta(days=30),
        entry_into_force_date=first_day + dt.timedelta(days=150),
    )

    ghana = services.delegation_register(meeting=meeting, user=focal_point, kind="state", country="GH")

    assert ghana.category == Category.SIGNATORY
    assert "in force from" in ghana.category_note


def test_second_registration_of_same_state_names_the_focal_point(delegation):
    latecomer = UserFactory()

    with pytest.raises(services.DelegationExists) as excinfo:
        services.delegation_register(meeting=delegation.meeting, user=latecomer, kind="state", country="FR")

    assert "Focal Point One" in str(excinfo.value)
    assert Delegation.objects.filter(meeting=delegation.meeting, country="FR").count() == 1


def test_registration_refused_after_deadline(meeting, focal_point):
    meeting.registration_deadline = timezone.now() - dt.timedelta(minutes=1)
    meeting.registration_opens = timezone.now() - dt.timedelta(days=30)
    meeting.save()

    with pytest.raises(services.RegistrationError, match="deadline has passed"):
        services.delegation_register(meeting=meeting, user=focal_point, kind="state", country="NO")
    assert not Delegation.objects.exists()


def test_unconfirmed_account_cannot_register(meeting):
    user = UserFactory(email_confirmed_at=None)

    with pytest.raises(services.RegistrationError, match="Confirm your e-mail"):
        services.delegation_register(meeting=meeting, user=user, kind="state", country="NO")


def test_rule_1_2_observer_and_rule_1_3_organisation(meeting, focal_point):
    icrc = OrganisationFactory(
        name="International Committee of the Red Cross", kind="international", attends_as_of_right=True
    )

    observer = services.delegation_register(meeting=meeting, user=focal_point, kind="international", organisation=icrc)
    ngo = services.delegation_register(
        meeting=meeting, user=UserFactory(), kind="civil_society", organisation_name="Mines Action Canada"
    )

    assert observer.category == Category.RULE_1_2
    assert observer.invitation == ""
    assert ngo.category == Category.RULE_1_3
    assert ngo.invitation == Delegation.Invitation.PROVISIONAL
    assert ngo.organisation.name == "Mines Action Canada"


def test_secretariat_records_rule_1_3_approval(secretariat, meeting):
    ngo = services.delegation_register(
        meeting=meeting, user=UserFactory(), kind="civil_society", organisation_name="Mines Action Canada"
    )

    services.invitation_approve(delegation=ngo, by=secretariat)

    ngo.refresh_from_db()
    assert ngo.invitation == Delegation.Invitation.APPROVED


def test_a_delegation_has_at_most_one_head(delegation, focal_point, head):
    with pytest.raises(services.RegistrationError, match="already head"):
        services.participant_create(delegation=delegation, data=participant_data(role="head"), by=focal_point)
    assert delegation.participants.filter(role="head").count() == 1


def test_submit_needs_document_and_exactly_one_head(delegation, focal_point):
    ParticipantFactory(delegation=delegation, role="adviser")

    with pytest.raises(services.RegistrationError) as excinfo:
        services.delegation_submit(delegation=delegation, by=focal_point)

    assert "note verbale" in str(excinfo.value)
    assert "exactly one head" in str(excinfo.value)
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.DRAFT


def test_submit_complete_delegation(delegation, focal_point, head, pdf_upload):
    services.delegation_attach_document(delegation=delegation, upload=pdf_upload, by=focal_point)

    services.delegation_submit(delegation=delegation, by=focal_point)

    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.SUBMITTED
    assert delegation.submitted_at is not None


def test_document_is_stored_under_a_generated_name(delegation, focal_point, pdf_upload):
    services.delegation_attach_document(delegation=delegation, upload=pdf_upload, by=focal_point)

    delegation.refresh_from_db()
    assert "note-verbale" not in delegation.document.name
    assert delegation.document.name.startswith("registration-documents/")
    assert delegation.document_name == "note-verbale.pdf"


def test_after_deadline_only_secretariat_changes_delegation(delegation, focal_point, secretariat, head):
    meeting = delegation.meeting
    meeting.registration_opens = timezone.now() - dt.timedelta(days=30)
    meeting.registration_deadline = timezone.now() - dt.timedelta(days=1)
    meeting.save()

    with pytest.raises(services.RegistrationError, match="deadline"):
        services.participant_create(delegation=delegation, data=participant_data(), by=focal_point)
    added = services.participant_create(delegation=delegation, data=participant_data(), by=secretariat)

    assert added.pk is not None


def test_change_to_approved_participant_returns_it_to_pending_with_the_change(delegation, focal_point):
    participant = ParticipantFactory(delegation=delegation, status="approved", function="Counsellor")

    updated = services.participant_update(
        participant=participant,
        data={"function": "Minister Counsellor"},
        by=focal_point,
        expected_version=participant.version,
    )

    assert updated.status == Participant.Status.PENDING
    assert updated.changes_since_approval == {"function": ["Counsellor", "Minister Counsellor"]}
    assert AuditEntry.objects.filter(trail=delegation.trail, action="changed participant").exists()


def test_stale_edit_is_refused_and_nothing_is_overwritten(delegation, focal_point):
    participant = ParticipantFactory(delegation=delegation, function="Counsellor")
    opened_version = participant.version
    services.participant_update(
        participant=participant, data={"function": "First Secretary"}, by=focal_point, expected_version=opened_version
    )

    with pytest.raises(services.ConcurrentEditError) as excinfo:
        services.participant_update(
            participant=participant, data={"function": "Attaché"}, by=focal_point, expected_version=opened_version
        )

    participant.refresh_from_db()
    assert participant.function == "First Secretary"
    assert excinfo.value.current.function == "First Secretary"


def test_reject_needs_a_reason(secretariat, delegation):
    delegation.status = Delegation.Status.SUBMITTED
    delegation.save()

    with pytest.raises(services.RegistrationError, match="reason"):
        services.delegation_decide(delegation=delegation, by=secretariat, approve=False, reason="  ")

    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.SUBMITTED


def test_approval_is_audited_and_mailed_to_focal_point(secretariat, delegation, django_capture_on_commit_callbacks):
    delegation.status = Delegation.Status.SUBMITTED
    delegation.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.delegation_decide(delegation=delegation, by=secretariat, approve=True)

    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.APPROVED
    entry = AuditEntry.objects.get(trail=delegation.trail, action="approved delegation")
    assert entry.actor == secretariat
    assert len(mail.outbox) == 1
    assert delegation.created_by.email in mail.outbox[0].to
    assert "approved" in mail.outbox[0].body


def test_bulk_rejection_is_all_or_nothing(secretariat, meeting):
    submitted = DelegationFactory(meeting=meeting, status="submitted", country="AT", sort_name="Austria")
    draft = DelegationFactory(meeting=meeting, status="draft", country="BE", sort_name="Belgium")

    with pytest.raises(services.RegistrationError, match="not been submitted"):
        services.decide_in_bulk(delegations=[submitted, draft], by=secretariat, approve=True)

    submitted.refresh_from_db()
    assert submitted.status == Delegation.Status.SUBMITTED


def test_bulk_approval_of_participants(secretariat, delegation):
    people = ParticipantFactory.create_batch(3, delegation=delegation)

    count = services.decide_in_bulk(participants=people, by=secretariat, approve=True)

    assert count == 3
    assert set(delegation.participants.values_list("status", flat=True)) == {"approved"}


def test_accepted_join_request_adds_a_focal_point(delegation, focal_point, django_capture_on_commit_callbacks):
    colleague = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.join_request_create(delegation=delegation, user=colleague, message="Same mission")
    assert focal_point.email in mail.outbox[0].to

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(join_request=request, by=focal_point, accept=True)

    assert delegation.focal_points.filter(pk=colleague.pk).exists()
    assert colleague.email in mail.outbox[1].to


def test_refused_join_request_adds_nobody(delegation, focal_point):
    request = JoinRequestFactory(delegation=delegation)

    services.join_request_decide(join_request=request, by=focal_point, accept=False)

    request.refresh_from_db()
    assert request.status == JoinRequest.Status.REFUSED
    assert not delegation.focal_points.filter(pk=request.user.pk).exists()


def test_duplicate_join_request_is_refused(delegation):
    colleague = UserFactory()
    services.join_request_create(delegation=delegation, user=colleague)

    with pytest.raises(services.RegistrationError, match="already waiting"):
        services.join_request_create(delegation=delegation, user=colleague)


def test_treaty_register_change_recategorises_delegations(delegation):
    delegation.category = Category.OBSERVER_STATE
    delegation.save()
    TreatyStatusFactory(country="FR")

    moved = services.refresh_state_categories()

    delegation.refresh_from_db()
    assert moved == 1
    assert delegation.category == Category.STATE_PARTY


def test_credentials_are_for_states_only(secretariat, meeting):
    from tests.factories import OrganisationDelegationFactory

    ngo = OrganisationDelegationFactory(meeting=meeting)

    with pytest.raises(services.RegistrationError, match="state delegations only"):
        services.credentials_update(delegation=ngo, by=secretariat, status="copy", date=dt.date(2010, 11, 1))
