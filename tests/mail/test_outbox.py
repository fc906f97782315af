"""E-mail never breaks a decision: one-line subjects, an outbox, and retries of failed sends."""

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from ccm_portal.mail.models import OutboxMessage
from ccm_portal.mail.services import one_line, queue_mail
from delegations.models import Participant
from tests.factories import ParticipantFactory, UserFactory

REFUSING = "tests.mail.backends.RefusingBackend"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("[1MSP] Jean\nDupont: Approved", "[1MSP] Jean Dupont: Approved"),
        ("A\r\nB\rC\tD", "A B C D"),
        ("Nel\x85and\u2028line\u2029sep", "Nel and line sep"),
        ("bell\x07 and\x00 nul", "bell and nul"),
        ("  many    spaces  ", "many spaces"),
        ("Ана Мария 李", "Ана Мария 李"),
    ],
)
def test_one_line_folds_breaks_and_drops_control_characters(raw, expected):
    assert one_line(raw) == expected


def test_one_line_caps_the_length():
    subject = one_line("x" * 1000)

    assert len(subject) == 200
    assert subject.endswith("…")


def _approve(client, participant):
    return client.post(
        reverse("delegations:participant_decide", args=[participant.delegation.pk, participant.pk]),
        {"decision": "approve", "reason": ""},
    )


@pytest.mark.django_db(transaction=True)
def test_approving_a_participant_with_a_line_break_in_the_name_redirects_and_mails(client, secretariat, delegation):
    participant = ParticipantFactory(
        delegation=delegation, title="", given_name="Jean\nLuc", family_name="Picard\r\nBcc: x@y"
    )
    client.force_login(secretariat)

    response = _approve(client, participant)

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Participant.Status.APPROVED
    # One to the focal points, one to the participant.
    assert len(mail.outbox) == 2
    (to_focal_points,) = [message for message in mail.outbox if participant.email not in message.to]
    subject = to_focal_points.subject
    assert "\n" not in subject
    assert "\r" not in subject
    assert "Jean Luc Picard Bcc: x@y: Approved" in subject
    assert all(message.message()["Bcc"] is None for message in mail.outbox)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.Status.SENT}


@pytest.mark.django_db(transaction=True)
def test_bulk_approving_three_such_participants_sends_one_digest_and_tells_each_of_them(
    client, secretariat, delegation, meeting
):
    participants = [
        ParticipantFactory(delegation=delegation, title="", given_name=f"Name\n{index}", family_name="Line\rBreak")
        for index in range(3)
    ]
    client.force_login(secretariat)

    response = client.post(
        reverse("delegations:dashboard", args=[meeting.slug]),
        {"decision": "approve", "reason": "", "participants": [p.pk for p in participants]},
    )

    assert response.status_code == 302
    assert Participant.objects.filter(status=Participant.Status.APPROVED).count() == 3
    assert len(mail.outbox) == 4
    addresses = {p.email for p in participants}
    (digest,) = [message for message in mail.outbox if not addresses & set(message.to)]
    assert "\n" not in digest.subject
    assert digest.subject.endswith("3 decisions on registrations")
    for index in range(3):
        assert f"Name {index} Line Break" in " ".join(digest.body.split())
    assert sorted(message.to[0] for message in mail.outbox if message is not digest) == sorted(addresses)


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_keeps_the_decision_and_is_retried_later(client, secretariat, delegation, settings, caplog):
    participant = ParticipantFactory(delegation=delegation, title="", given_name="Ana", family_name="Reyes")
    client.force_login(secretariat)
    settings.EMAIL_BACKEND = REFUSING

    with caplog.at_level(logging.WARNING, logger="ccm_portal.mail.services"):
        response = _approve(client, participant)

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Participant.Status.APPROVED
    queued = OutboxMessage.objects.get(subject__contains="Ana Reyes")
    assert queued.status == OutboxMessage.Status.PENDING
    assert queued.attempts == 1
    assert "SMTPServerDisconnected" in queued.last_error
    assert "will retry" in caplog.text
    assert "Ana Reyes" in queued.body
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mail")

    queued.refresh_from_db()
    assert queued.status == OutboxMessage.Status.SENT
    assert queued.attempts == 2
    assert queued.sent_at is not None
    assert queued.body == ""
    assert len(mail.outbox) == 2  # the focal points' and the participant's
    assert any("Ana Reyes" in message.subject for message in mail.outbox)

    call_command("send_queued_mail")
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_message_that_keeps_failing_is_given_up_and_can_be_queued_again(settings):
    settings.EMAIL_BACKEND = REFUSING
    settings.MAIL_MAX_ATTEMPTS = 2
    (message,) = queue_mail(to=["a@example.org"], subject="Hello", body="Body")

    call_command("send_queued_mail")
    call_command("send_queued_mail")
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.FAILED, 2)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mail")
    assert mail.outbox == []
    call_command("send_queued_mail", "--retry-given-up")
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_queued_mail_is_only_sent_when_the_decision_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_mail(to=["a@example.org", "", "a@example.org", "b@example.org"], subject="S", body="B", separately=True)

    assert mail.outbox == []
    assert sorted(m.to[0] for m in OutboxMessage.objects.all()) == ["a@example.org", "b@example.org"]
    assert len(callbacks) == 1


def test_the_periodic_retry_is_scheduled_for_celery_beat():
    from ccm_portal.celery import app

    entry = app.conf.beat_schedule["send-queued-mail"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"] == 300


@pytest.mark.django_db(transaction=True)
def test_a_notification_that_cannot_be_built_is_logged_and_the_decision_stands(
    client, secretariat, delegation, monkeypatch, caplog
):
    participant = ParticipantFactory(delegation=delegation, title="", given_name="Ana", family_name="Reyes")
    client.force_login(secretariat)

    def broken_template(*args, **kwargs):
        raise RuntimeError("template storage unavailable")

    monkeypatch.setattr("delegations.notifications.render_to_string", broken_template)

    with caplog.at_level(logging.ERROR, logger="ccm_portal.mail.services"):
        response = _approve(client, participant)

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Participant.Status.APPROVED
    assert "Could not build the notification decisions_made" in caplog.text
    assert "template storage unavailable" in caplog.text


@pytest.mark.django_db
def test_password_reset_mail_is_kept_and_retried_when_the_mail_server_is_down(
    client, settings, django_capture_on_commit_callbacks
):
    UserFactory(email="focal@mission.example")
    settings.EMAIL_BACKEND = REFUSING

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "focal@mission.example"})

    assert response.status_code == 302
    pending = OutboxMessage.objects.get()
    assert pending.sent_at is None
    assert pending.to == ["focal@mission.example"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mail")
    assert len(mail.outbox) == 1
    assert "/accounts/password-reset/" in mail.outbox[0].body
