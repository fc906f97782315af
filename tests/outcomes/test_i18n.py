"""The outcome pages, e-mails and PDFs speak the reader's language (or the text's), with times in the meeting's zone."""

import datetime as dt
import io
import re
from pathlib import Path

from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from outcomes import pdfs, services

TEMPLATES = Path(__file__).resolve().parents[2] / "outcomes" / "templates"
# Attributes a reader hears or sees; their values must come from a translate tag or a variable.
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "content")


def _untranslated(source: str) -> list[str]:
    """Words left in a template once comments, translate tags, other tags and variables are taken out."""
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    text = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", " ", text, flags=re.S)
    text = re.sub(r"\{% blocktranslate.*?\{% endblocktranslate %\}", " ", text, flags=re.S)
    # The html element's language and direction are codes, not words.
    text = re.sub(r"\{% block (?:lang|dir) %\}.*?\{% endblock %\}", " ", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    found = [
        f'{name}="{value}"'
        for tag in re.findall(r"<[^>]*>", text)
        for name, value in re.findall(r'([\w-]+)="([^"]*)"', tag)
        if name in READ_ATTRIBUTES and re.search(r"[A-Za-z]{2,}", value)
    ]
    found += [
        chunk.strip() for chunk in re.sub(r"<[^>]*>", "\n", text).split("\n") if re.search(r"[A-Za-z]{2,}", chunk)
    ]
    return found


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_every_text_of_the_outcome_templates_is_inside_a_translate_tag():
    left = {
        str(path.relative_to(TEMPLATES)): words
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in (".html", ".txt") and (words := _untranslated(path.read_text()))
    }

    assert left == {}


def test_the_untranslated_text_check_finds_text_and_read_attributes_outside_translate_tags():
    source = '{% load i18n %}<p>{% translate "Fine" %}</p><p>Left out</p><a aria-label="Also left">{{ x }}</a>'

    assert _untranslated(source) == ['aria-label="Also left"', "Left out"]


def test_a_pdf_header_is_in_the_language_of_the_text_not_of_the_reader(meeting, secretariat):
    document = services.document_create(
        meeting=meeting, by=secretariat, kind="decision", title="Décision sur le budget", original_language="fr"
    )

    with translation.override("en"):
        text = _pdf_text(pdfs.document_pdf(document))

    # The header's date is written the French way, with French month names (Django's own catalogue).
    with translation.override("fr"):
        french_date = formats.date_format(timezone.localdate(timezone=meeting.tzinfo), "DATE_FORMAT")
    assert french_date in text
    assert "Original: English" not in text


def test_an_english_text_keeps_an_english_pdf_header_for_a_french_reader(plan):
    with translation.override("fr"):
        text = _pdf_text(pdfs.document_pdf(plan))

    with translation.override("en"):
        english_date = formats.date_format(timezone.localdate(timezone=plan.meeting.tzinfo), "DATE_FORMAT")
    assert english_date in text
    assert "Distr.: Limited" in text  # as UN documents print it
    assert "Original: English" in text


def test_the_circulation_email_gives_the_deadline_in_the_meetings_zone_whatever_the_senders_zone(
    plan, secretariat, accredited, django_capture_on_commit_callbacks
):
    # 9:30 UTC on a December day is 10:30 in Geneva (the meeting's zone, Europe/Zurich).
    due = dt.datetime(timezone.now().year + 1, 12, 1, 9, 30, tzinfo=dt.UTC)

    with timezone.override("UTC"), django_capture_on_commit_callbacks(execute=True):
        services.document_circulate(document=plan, by=secretariat, comment_deadline=due)

    weekday = due.strftime("%A")  # the same day in Geneva
    body = mail.outbox[0].body
    assert f"Comments are due by {weekday} 1 December {due.year}, 10:30 (Europe/Zurich)." in body
    assert "09:30" not in body


def test_the_paragraph_history_shows_times_in_the_meetings_zone_with_the_zone(client, plan, drafter):
    paragraph = plan.built["intro"][0]
    services.paragraph_update(paragraph=paragraph, by=drafter, text="Second wording.", expected_version=1)
    change = paragraph.changes.first()
    local = timezone.localtime(change.at, plan.meeting.tzinfo)
    client.force_login(drafter)

    with timezone.override("UTC"):
        page = client.get(reverse("outcomes:paragraph_history", kwargs={"pk": plan.pk, "ppk": paragraph.pk}))

    assert f"{local:%H:%M} (Europe/Zurich)" in page.content.decode()
    assert " UTC" not in page.content.decode()


def test_the_decision_email_states_the_decision_in_one_sentence_and_the_subject_names_it(
    circulated_plan, accredited, drafter, django_capture_on_commit_callbacks
):
    paragraph = circulated_plan.built["intro"][0]
    proposal = services.proposal_create(
        document=circulated_plan,
        delegation=accredited,
        by=accredited.created_by,
        paragraph=paragraph,
        kind="replace",
        text="A better text.",
        rationale="Clarity.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide(
            proposal=proposal, by=drafter, decision="reject", reason="Out of scope.", expected_version=None
        )

    message = mail.outbox[-1]
    assert message.subject == "[1MSP] Your proposal on CCM/MSP/2010/WP.1: rejected"
    assert f"The proposal of {accredited.sort_name} (replace the text, paragraph 1) is rejected." in message.body
    assert "Reason given by the drafters: Out of scope." in message.body


def test_a_chinese_text_is_tagged_zh_hans_so_the_pdf_breaks_lines_the_chinese_way(meeting, secretariat):
    document = services.document_create(
        meeting=meeting, by=secretariat, kind="decision", title="关于预算的决定", original_language="zh"
    )

    html = render_to_string("outcomes/pdf/document.html", pdfs.document_context(document))

    assert '<html lang="zh-Hans" dir="ltr">' in html


def test_the_text_keeps_the_direction_of_its_language_on_a_page_in_another(client, meeting, secretariat):
    arabic = services.document_create(
        meeting=meeting, by=secretariat, kind="decision", title="قرار بشأن الميزانية", original_language="ar"
    )
    english = services.document_create(meeting=meeting, by=secretariat, kind="decision", title="Budget decision")
    client.force_login(secretariat)

    with translation.override("ar"):
        english_page = client.get(english.get_absolute_url()).content.decode()  # /ar/outcomes/<pk>/
    arabic_page = client.get(arabic.get_absolute_url()).content.decode()

    assert '<html lang="ar" dir="rtl">' in english_page
    assert '<div class="outcome-text" lang="en" dir="ltr">' in english_page
    assert '<div class="outcome-text" lang="ar" dir="rtl">' in arabic_page
