import importlib

from django.apps import apps

from ccm_portal.audit.models import AuditEntry
from ccm_portal.audit.services import log_action
from delegations import services
from delegations.models import Participant
from tests.factories import ParticipantFactory

scrub_migration = importlib.import_module("ccm_portal.audit.migrations.0002_scrub_sensitive_participant_changes")
keying_migration = importlib.import_module("delegations.migrations.0005_changes_since_approval_keyed_by_field")


def _edit(participant, by, **data):
    return services.participant_update(participant=participant, data=data, by=by, expected_version=participant.version)


def test_audit_entry_names_sensitive_fields_without_their_values(delegation, focal_point):
    participant = ParticipantFactory(
        delegation=delegation, email="old.address@mission.example", accessibility_needs="", function="Counsellor"
    )

    _edit(
        participant,
        focal_point,
        email="new.address@mission.example",
        accessibility_needs="Uses a wheelchair; needs step-free access",
        gender=Participant.Gender.MALE,
        needs_visa_letter=True,
        function="Minister Counsellor",
    )

    entry = AuditEntry.objects.get(trail=delegation.trail, action="changed participant")
    assert "address@mission.example" not in entry.detail
    assert "wheelchair" not in entry.detail
    assert "Male" not in entry.detail
    assert "Female" not in entry.detail
    assert "e-mail changed" in entry.detail
    assert "accessibility needs changed" in entry.detail
    assert "gender changed" in entry.detail
    assert "needs a visa support letter changed" in entry.detail
    # What is printed on the list anyway keeps its values: the secretariat reads what changed.
    assert "function: Counsellor → Minister Counsellor" in entry.detail


def test_history_on_the_delegation_page_shows_no_accessibility_needs(client, delegation, focal_point):
    participant = ParticipantFactory(delegation=delegation, accessibility_needs="Sign language interpretation")
    _edit(participant, focal_point, accessibility_needs="Hearing loop in the plenary room")
    services.participant_remove(participant=Participant.objects.get(pk=participant.pk), by=focal_point)

    client.force_login(focal_point)
    page = client.get(delegation.get_absolute_url()).content.decode()

    assert "accessibility needs changed" in page
    assert "Sign language" not in page
    assert "Hearing loop" not in page


def test_pending_approval_diff_is_cleared_when_the_secretariat_decides(delegation, focal_point, secretariat):
    participant = ParticipantFactory(delegation=delegation, status="approved", accessibility_needs="")
    changed = _edit(participant, focal_point, accessibility_needs="Needs a seat near the exit")
    assert changed.changes_since_approval == {"accessibility_needs": ["", "Needs a seat near the exit"]}

    decided = services.participant_decide(participant=changed, by=secretariat, approve=True)

    decided.refresh_from_db()
    assert decided.changes_since_approval == {}


def test_migration_scrubs_values_of_sensitive_fields_already_in_the_trail(db):
    leaky = log_action(
        trail="delegation:1",
        actor=None,
        action="changed participant",
        subject="Ms. Ada Lovelace",
        detail="function: Counsellor → Minister; e-mail: ada@old.example → ada@new.example; "
        "accessibility needs:  → Uses a wheelchair; gender: Female → Other",
    )
    harmless = log_action(
        trail="delegation:1",
        actor=None,
        action="changed participant",
        subject="Ms. Ada Lovelace",
        detail="function: Counsellor → Minister",
    )
    other_action = log_action(
        trail="delegation:1", actor=None, action="rejected participant", subject="Ms. Ada Lovelace", detail="e-mail: x"
    )

    scrub_migration.scrub(apps, None)

    leaky.refresh_from_db()
    assert leaky.detail == "function changed; e-mail changed; gender changed; accessibility needs changed"
    harmless.refresh_from_db()
    assert harmless.detail == "function: Counsellor → Minister"
    other_action.refresh_from_db()
    assert other_action.detail == "e-mail: x"


def test_changes_since_approval_are_stored_by_field_name_and_shown_with_their_label(
    client, delegation, focal_point, secretariat
):
    participant = ParticipantFactory(delegation=delegation, status="approved", role="adviser", function="Counsellor")
    _edit(participant, focal_point, role="expert", function="Minister")
    participant.refresh_from_db()

    assert participant.changes_since_approval == {"function": ["Counsellor", "Minister"], "role": ["Adviser", "Expert"]}
    client.force_login(secretariat)
    page = client.get(delegation.get_absolute_url()).content.decode()
    assert 'function: <del dir="auto">Counsellor</del> → <ins dir="auto">Minister</ins>' in page
    assert 'role in the delegation: <del dir="auto">Adviser</del> → <ins dir="auto">Expert</ins>' in page


def test_migration_keys_changes_since_approval_by_field_name(delegation):
    labelled = ParticipantFactory(
        delegation=delegation,
        status="pending",
        changes_since_approval={
            "accessibility needs": ["", "Needs a seat near the exit"],
            "role in the delegation": ["Adviser", "Expert"],
            "e-mail": ["a@mission.example", "b@mission.example"],
        },
    )
    untouched = ParticipantFactory(delegation=delegation, changes_since_approval={})

    keying_migration.labels_to_names(apps, None)

    labelled.refresh_from_db()
    assert labelled.changes_since_approval == {
        "accessibility_needs": ["", "Needs a seat near the exit"],
        "role": ["Adviser", "Expert"],
        "email": ["a@mission.example", "b@mission.example"],
    }
    untouched.refresh_from_db()
    assert untouched.changes_since_approval == {}
