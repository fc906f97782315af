"""Lists of speakers: order by category then time of inscription, once per delegation, run by the secretariat."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ccm_portal.audit.models import AuditEntry
from ccm_portal.meetings.models import Category
from delegations.models import Delegation
from sessions import services
from sessions.models import SpeakerEntry

pytestmark = pytest.mark.django_db

SP, SIG, OBS, R12, R13 = (
    Category.STATE_PARTY,
    Category.SIGNATORY,
    Category.OBSERVER_STATE,
    Category.RULE_1_2,
    Category.RULE_1_3,
)


def names(speakers_list):
    return [e.delegation.sort_name for e in speakers_list.entries.select_related("delegation").order_by("position")]


def positions(speakers_list):
    return list(speakers_list.entries.order_by("position").values_list("position", flat=True))


def inscribe(speakers_list, delegation, by):
    return services.speaker_inscribe(speakers_list=speakers_list, delegation=delegation, by=by)


def test_the_list_orders_by_category_then_time_of_inscription(speakers_list, secretariat, make_delegation):
    order = [
        make_delegation("ICRC", R12, sort_name="ICRC"),
        make_delegation("TH", OBS, sort_name="Thailand"),
        make_delegation("NO", SP, sort_name="Norway"),
        make_delegation("Human Rights Watch", R13, sort_name="Human Rights Watch"),
        make_delegation("AU", SIG, sort_name="Australia"),
        make_delegation("IE", SP, sort_name="Ireland"),
        make_delegation("CMC", R12, sort_name="CMC"),
    ]
    for delegation in order:
        inscribe(speakers_list, delegation, secretariat)

    assert names(speakers_list) == [
        "Norway",
        "Ireland",
        "Australia",
        "Thailand",
        "ICRC",
        "CMC",
        "Human Rights Watch",
    ]
    assert positions(speakers_list) == [1, 2, 3, 4, 5, 6, 7]


def test_a_late_state_party_does_not_jump_ahead_of_those_who_spoke(speakers_list, secretariat, make_delegation):
    observer = make_delegation("TH", OBS, sort_name="Thailand")
    inscribe(speakers_list, observer, secretariat)
    first = inscribe(speakers_list, make_delegation("NO", SP, sort_name="Norway"), secretariat)
    services.speaker_set_status(entry=first, by=secretariat, status=SpeakerEntry.Status.SPOKE)
    thai = SpeakerEntry.objects.get(delegation=observer)
    services.speaker_set_status(entry=thai, by=secretariat, status=SpeakerEntry.Status.SPEAKING)

    inscribe(speakers_list, make_delegation("IE", SP, sort_name="Ireland"), secretariat)

    assert names(speakers_list) == ["Norway", "Thailand", "Ireland"]


def test_a_delegation_that_is_not_accredited_cannot_inscribe(speakers_list, delegation, focal_point):
    delegation.status = Delegation.Status.SUBMITTED
    delegation.save(update_fields=["status"])

    with pytest.raises(services.ProgrammeError, match="not accredited"):
        inscribe(speakers_list, delegation, focal_point)

    assert not speakers_list.entries.exists()


def test_a_delegation_of_another_meeting_cannot_inscribe(speakers_list, secretariat):
    from .factories import ApprovedDelegationFactory

    stranger = ApprovedDelegationFactory(country="PE")

    with pytest.raises(services.ProgrammeError, match="not a delegation to this meeting"):
        inscribe(speakers_list, stranger, secretariat)


def test_inscribing_twice_gives_a_message_not_a_second_entry(client, speakers_list, accredited, focal_point, meeting):
    client.force_login(focal_point)
    url = reverse("ccm_sessions:inscribe", args=[meeting.slug, accredited.pk, speakers_list.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert speakers_list.entries.count() == 1
    assert "France is already on this list for a statement, at number 1." in response.content.decode()


def test_the_database_allows_one_statement_per_delegation_on_a_list(speakers_list, accredited):
    SpeakerEntry.objects.create(speakers_list=speakers_list, delegation=accredited, position=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerEntry.objects.create(speakers_list=speakers_list, delegation=accredited, position=2)


def test_the_database_refuses_two_speakers_at_one_position(speakers_list, accredited, other_accredited):
    SpeakerEntry.objects.create(speakers_list=speakers_list, delegation=accredited, position=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerEntry.objects.create(speakers_list=speakers_list, delegation=other_accredited, position=1)


def test_a_withdrawn_delegation_inscribing_again_reuses_its_row(speakers_list, accredited, focal_point):
    entry = inscribe(speakers_list, accredited, focal_point)
    services.speaker_withdraw(entry=entry, by=focal_point)

    again = inscribe(speakers_list, accredited, focal_point)

    assert again.pk == entry.pk
    assert again.status == SpeakerEntry.Status.INSCRIBED
    assert speakers_list.entries.count() == 1


def test_a_focal_point_cannot_withdraw_once_speaking(speakers_list, accredited, focal_point, secretariat):
    entry = inscribe(speakers_list, accredited, focal_point)
    services.speaker_set_status(entry=entry, by=secretariat, status=SpeakerEntry.Status.SPEAKING)

    with pytest.raises(services.ProgrammeError, match="can no longer withdraw"):
        services.speaker_withdraw(entry=entry, by=focal_point)


def test_a_closed_list_refuses_focal_points_but_not_the_secretariat(
    speakers_list, accredited, focal_point, secretariat
):
    services.speakers_list_settings(speakers_list=speakers_list, by=secretariat, is_open=False, time_limit_seconds=None)

    with pytest.raises(services.ProgrammeError, match="closed"):
        inscribe(speakers_list, accredited, focal_point)
    inscribe(speakers_list, accredited, secretariat)

    assert speakers_list.entries.count() == 1


def test_a_focal_point_can_only_inscribe_its_own_delegation(speakers_list, other_accredited, focal_point):
    with pytest.raises(services.ProgrammeError, match="focal points"):
        inscribe(speakers_list, other_accredited, focal_point)


def test_the_secretariat_moves_a_speaker_up(speakers_list, secretariat, make_delegation):
    for code, name in [("NO", "Norway"), ("IE", "Ireland"), ("MX", "Mexico")]:
        inscribe(speakers_list, make_delegation(code, SP, sort_name=name), secretariat)
    mexico = SpeakerEntry.objects.get(delegation__sort_name="Mexico")

    moved = services.speaker_move(entry=mexico, by=secretariat, direction="up")

    assert moved.position == 2
    assert names(speakers_list) == ["Norway", "Mexico", "Ireland"]
    assert positions(speakers_list) == [1, 2, 3]
    assert AuditEntry.objects.filter(trail=speakers_list.trail, action="moved speaker", detail="3 → 2").exists()


def test_the_first_speaker_cannot_move_up(speakers_list, accredited, secretariat):
    entry = inscribe(speakers_list, accredited, secretariat)

    with pytest.raises(services.ProgrammeError, match="already first"):
        services.speaker_move(entry=entry, by=secretariat, direction="up")


def test_a_focal_point_cannot_move_speakers(client, speakers_list, accredited, other_accredited, focal_point, meeting):
    inscribe(speakers_list, other_accredited, other_accredited.created_by)
    mine = inscribe(speakers_list, accredited, focal_point)
    client.force_login(focal_point)

    response = client.post(
        reverse("ccm_sessions:speaker_action", args=[meeting.slug, speakers_list.pk, mine.pk]), {"action": "up"}
    )

    assert response.status_code == 403
    with pytest.raises(services.ProgrammeError):
        services.speaker_move(entry=mine, by=focal_point, direction="up")
    mine.refresh_from_db()
    assert mine.position == 2


def test_marking_a_speaker_speaking_closes_the_previous_speaker(speakers_list, secretariat, make_delegation):
    first = inscribe(speakers_list, make_delegation("NO", SP, sort_name="Norway"), secretariat)
    second = inscribe(speakers_list, make_delegation("IE", SP, sort_name="Ireland"), secretariat)
    services.speaker_set_status(entry=first, by=secretariat, status=SpeakerEntry.Status.SPEAKING)

    services.speaker_set_status(entry=second, by=secretariat, status=SpeakerEntry.Status.SPEAKING)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (SpeakerEntry.Status.SPOKE, SpeakerEntry.Status.SPEAKING)
    assert first.ended_at is not None
    assert second.started_at is not None


def test_the_database_allows_one_speaker_at_a_time(speakers_list, accredited, other_accredited):
    SpeakerEntry.objects.create(speakers_list=speakers_list, delegation=accredited, position=1, status="speaking")

    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerEntry.objects.create(
            speakers_list=speakers_list, delegation=other_accredited, position=2, status="speaking"
        )


def test_a_right_of_reply_goes_at_the_end_and_stays_there(speakers_list, secretariat, make_delegation):
    norway = make_delegation("NO", SP, sort_name="Norway")
    inscribe(speakers_list, norway, secretariat)
    services.right_of_reply_add(speakers_list=speakers_list, delegation=norway, by=secretariat)

    inscribe(speakers_list, make_delegation("TH", OBS, sort_name="Thailand"), secretariat)

    entries = list(speakers_list.entries.select_related("delegation").order_by("position"))
    assert [(e.delegation.sort_name, e.kind) for e in entries] == [
        ("Norway", "statement"),
        ("Thailand", "statement"),
        ("Norway", "reply"),
    ]
    with pytest.raises(services.ProgrammeError, match="already first"):
        services.speaker_move(entry=entries[2], by=secretariat, direction="up")


def test_one_right_of_reply_per_delegation_and_list(speakers_list, accredited, secretariat):
    services.right_of_reply_add(speakers_list=speakers_list, delegation=accredited, by=secretariat)

    with pytest.raises(services.AlreadyInscribed, match="right of reply"):
        services.right_of_reply_add(speakers_list=speakers_list, delegation=accredited, by=secretariat)


def test_the_secretariat_inserts_a_speaker_at_a_chosen_number(speakers_list, secretariat, make_delegation):
    for code, name in [("NO", "Norway"), ("IE", "Ireland")]:
        inscribe(speakers_list, make_delegation(code, SP, sort_name=name), secretariat)
    thailand = make_delegation("TH", OBS, sort_name="Thailand")

    entry = services.speaker_insert(speakers_list=speakers_list, delegation=thailand, by=secretariat, position=1)

    assert entry.position == 1
    assert names(speakers_list) == ["Thailand", "Norway", "Ireland"]


def test_the_insert_form_reports_a_duplicate_next_to_the_form(client, speakers_list, accredited, secretariat, meeting):
    inscribe(speakers_list, accredited, secretariat)
    client.force_login(secretariat)

    response = client.post(
        reverse("ccm_sessions:speakers_insert", args=[meeting.slug, speakers_list.pk]),
        {"insert-delegation": accredited.pk},
    )

    assert response.status_code == 400
    assert "already on this list" in str(response.context["insert_form"].non_field_errors())
    assert speakers_list.entries.count() == 1


def test_the_speaking_time_limit_is_set_in_minutes(client, speakers_list, secretariat, meeting):
    client.force_login(secretariat)

    client.post(
        reverse("ccm_sessions:speakers_settings", args=[meeting.slug, speakers_list.pk]),
        {"is_open": "on", "time_limit_minutes": "3.5"},
    )

    speakers_list.refresh_from_db()
    assert speakers_list.time_limit_seconds == 210


def test_a_second_list_for_the_same_item_is_refused(speakers_list, item, secretariat, meeting):
    with pytest.raises(services.ProgrammeError, match="already has a list"):
        services.speakers_list_open(meeting=meeting, by=secretariat, agenda_item=item)
