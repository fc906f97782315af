"""Removing a room or an agenda item and withdrawing from a list of speakers ask first; a withdrawal can be undone."""

from datetime import timedelta

import pytest
from django.urls import reverse

from ccm_portal.audit.models import AuditEntry
from sessions import services
from sessions.models import AgendaItem, Room, SpeakerEntry

pytestmark = pytest.mark.django_db


def _inscribed(speakers_list, delegation, focal_point):
    return services.speaker_inscribe(speakers_list=speakers_list, delegation=delegation, by=focal_point)


def test_removing_a_room_shows_a_confirm_page_that_names_it_and_changes_nothing(client, secretariat, meeting, room):
    client.force_login(secretariat)

    page = client.get(reverse("ccm_sessions:room_delete", args=[meeting.slug, room.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Remove the room “Plenary Hall”?" in html
    assert 'method="post"' in html
    assert Room.objects.filter(pk=room.pk).exists()


def test_the_rooms_page_links_to_the_confirm_page_instead_of_removing_in_one_tap(client, secretariat, meeting, room):
    client.force_login(secretariat)

    html = client.get(reverse("ccm_sessions:rooms", args=[meeting.slug])).content.decode()

    delete_url = reverse("ccm_sessions:room_delete", args=[meeting.slug, room.pk])
    assert f'href="{delete_url}"' in html
    assert f'action="{delete_url}"' not in html


def test_confirming_removes_the_room(client, secretariat, meeting, room):
    client.force_login(secretariat)

    page = client.post(reverse("ccm_sessions:room_delete", args=[meeting.slug, room.pk]), follow=True)

    assert not Room.objects.filter(pk=room.pk).exists()
    assert "Plenary Hall is removed." in page.content.decode()


def test_removing_an_agenda_item_asks_first_then_removes_it(client, secretariat, meeting, item):
    client.force_login(secretariat)
    url = reverse("ccm_sessions:agenda_item_delete", args=[meeting.slug, item.pk])

    asked = client.get(url)
    assert f"Remove item {item.number}, “General exchange of views”?" in asked.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert f'href="{url}"' in client.get(reverse("ccm_sessions:agenda_manage", args=[meeting.slug])).content.decode()

    done = client.post(url, follow=True)

    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert "the items after it are renumbered" in done.content.decode()


def test_a_refused_agenda_item_removal_is_a_message_and_keeps_the_item(
    client, secretariat, meeting, item, speakers_list
):
    client.force_login(secretariat)

    page = client.post(reverse("ccm_sessions:agenda_item_delete", args=[meeting.slug, item.pk]), follow=True)

    assert page.status_code == 200
    assert "has a list of speakers" in page.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_focal_point_is_asked_before_giving_up_a_place(client, focal_point, accredited, meeting, speakers_list):
    entry = _inscribed(speakers_list, accredited, focal_point)
    client.force_login(focal_point)
    url = reverse("ccm_sessions:withdraw", args=[meeting.slug, accredited.pk, entry.pk])

    asked = client.get(url)

    assert "Withdraw France from" in asked.content.decode()
    assert SpeakerEntry.objects.get(pk=entry.pk).status == SpeakerEntry.Status.INSCRIBED
    floor = client.get(reverse("ccm_sessions:floor_delegation", args=[meeting.slug, accredited.pk])).content.decode()
    assert f'href="{url}"' in floor


def test_withdrawing_offers_an_undo_that_puts_the_delegation_back_at_its_place(
    client, focal_point, accredited, other_accredited, meeting, speakers_list, secretariat
):
    entry = _inscribed(speakers_list, accredited, focal_point)
    services.speaker_insert(speakers_list=speakers_list, delegation=other_accredited, by=secretariat)
    position = SpeakerEntry.objects.get(pk=entry.pk).position
    client.force_login(focal_point)

    page = client.post(reverse("ccm_sessions:withdraw", args=[meeting.slug, accredited.pk, entry.pk]), follow=True)

    html = page.content.decode()
    undo_url = reverse("ccm_sessions:withdraw_undo", args=[meeting.slug, accredited.pk, entry.pk])
    assert SpeakerEntry.objects.get(pk=entry.pk).status == SpeakerEntry.Status.WITHDRAWN
    assert f'action="{undo_url}"' in html
    assert "csrfmiddlewaretoken" in html.split(undo_url)[1][:300]

    undone = client.post(undo_url, follow=True)

    restored = SpeakerEntry.objects.get(pk=entry.pk)
    assert restored.status == SpeakerEntry.Status.INSCRIBED
    assert restored.position == position
    assert "is back on the list" in undone.content.decode()
    assert AuditEntry.objects.filter(trail=speakers_list.trail, action="undid withdrawal").count() == 1
    # The offer is shown once, with its message.
    assert undo_url not in client.get(reverse("ccm_sessions:floor", args=[meeting.slug])).content.decode()


def test_the_undo_is_refused_once_the_minutes_have_passed(focal_point, accredited, speakers_list):
    entry = _inscribed(speakers_list, accredited, focal_point)
    services.speaker_withdraw(entry=entry, by=focal_point)
    AuditEntry.objects.filter(action="withdrew").update(
        created_at=AuditEntry.objects.get(action="withdrew").created_at
        - timedelta(minutes=services.WITHDRAWAL_UNDO_MINUTES + 1)
    )

    with pytest.raises(services.ProgrammeError, match="too late"):
        services.speaker_undo_withdrawal(entry=entry, by=focal_point)

    assert SpeakerEntry.objects.get(pk=entry.pk).status == SpeakerEntry.Status.WITHDRAWN


def test_another_delegation_cannot_undo_a_withdrawal(
    client, focal_point, accredited, other_accredited, meeting, speakers_list
):
    entry = _inscribed(speakers_list, accredited, focal_point)
    services.speaker_withdraw(entry=entry, by=focal_point)
    stranger = other_accredited.focal_points.first()
    client.force_login(stranger)

    response = client.post(reverse("ccm_sessions:withdraw_undo", args=[meeting.slug, accredited.pk, entry.pk]))

    assert response.status_code == 404
    assert SpeakerEntry.objects.get(pk=entry.pk).status == SpeakerEntry.Status.WITHDRAWN


def test_the_secretariat_withdraws_a_speaker_after_confirming_and_can_reinstate_from_the_message(
    client, secretariat, focal_point, accredited, meeting, speakers_list
):
    entry = _inscribed(speakers_list, accredited, focal_point)
    client.force_login(secretariat)
    url = reverse("ccm_sessions:speaker_withdraw", args=[meeting.slug, speakers_list.pk, entry.pk])

    assert "Withdraw France from" in client.get(url).content.decode()
    assert SpeakerEntry.objects.get(pk=entry.pk).status == SpeakerEntry.Status.INSCRIBED

    page = client.post(url, follow=True)

    html = page.content.decode()
    assert SpeakerEntry.objects.get(pk=entry.pk).status == SpeakerEntry.Status.WITHDRAWN
    action_url = reverse("ccm_sessions:speaker_action", args=[meeting.slug, speakers_list.pk, entry.pk])
    offer = html.split('data-testid="undo"')[0].rsplit("<form", 1)[1]
    assert f'action="{action_url}"' in offer
    assert 'name="action" value="reinstate"' in offer

    client.post(action_url, {"action": "reinstate"})

    assert SpeakerEntry.objects.get(pk=entry.pk).status == SpeakerEntry.Status.INSCRIBED
