"""The secretariat's final report page, its overwrite confirmation, and the button on the outcomes list."""

import pytest
from django.urls import reverse

from outcomes import services as outcome_services
from outcomes.models import GeneratedText, OutcomeDocument
from proceedings import services
from tests.proceedings.conftest import state

pytestmark = pytest.mark.django_db


def page(meeting):
    return reverse("proceedings:final_report", args=[meeting.slug])


def test_secretariat_drafts_the_final_report_from_the_page(client, secretariat, world):
    client.force_login(secretariat)

    response = client.post(page(world), {"president": "H.E. Mr. Bounkeut Sisavath", "rules_of_procedure_symbol": ""})

    document = OutcomeDocument.objects.get(meeting=world, kind=OutcomeDocument.Kind.FINAL_REPORT)
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:workspace", args=[document.pk])
    assert document.paragraphs.filter(text__contains="Bounkeut Sisavath").exists()


def test_a_bad_symbol_is_refused_next_to_the_field_and_nothing_is_drafted(client, secretariat, world):
    client.force_login(secretariat)

    response = client.post(page(world), {"president": "", "rules_of_procedure_symbol": "not a symbol!"})

    assert response.status_code == 400
    assert "rules_of_procedure_symbol" in response.context["form"].errors
    assert not OutcomeDocument.objects.filter(meeting=world).exists()


def test_the_page_is_refused_to_a_focal_point_and_sends_an_anonymous_visitor_to_log_in(client, world, delegation):
    anonymous = client.get(page(world))
    client.force_login(delegation.created_by)
    focal_point = client.get(page(world))
    posted = client.post(page(world), {"president": "X"})

    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    assert focal_point.status_code in (403, 404)
    assert posted.status_code in (403, 404)
    assert not OutcomeDocument.objects.filter(meeting=world).exists()


def test_regenerating_over_an_edited_paragraph_lists_it_then_overwrites_only_on_confirmation(
    client, secretariat, world
):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    paragraph = GeneratedText.objects.get(document=document, key="participation.1").paragraph
    outcome_services.paragraph_update(
        paragraph=paragraph, by=secretariat, text="Edited by the presidency.", expected_version=paragraph.version
    )
    state(world, "BE")
    client.force_login(secretariat)

    asked = client.post(page(world), {"president": "", "rules_of_procedure_symbol": ""})
    confirm_url = reverse("proceedings:final_report_overwrite", args=[world.slug])
    listing = client.get(confirm_url).content.decode()
    paragraph.refresh_from_db()
    assert asked["Location"] == confirm_url
    assert "Edited by the presidency." in listing
    assert f'value="{paragraph.pk}:{paragraph.version}"' in listing
    assert paragraph.text == "Edited by the presidency."

    done = client.post(confirm_url, {"overwrite": f"{paragraph.pk}:{paragraph.version}"})

    paragraph.refresh_from_db()
    assert done["Location"] == reverse("outcomes:workspace", args=[document.pk])
    assert "Belgium" in paragraph.text


def test_keep_button_regenerates_the_rest_and_keeps_the_edited_paragraph(client, secretariat, world):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    paragraph = GeneratedText.objects.get(document=document, key="participation.1").paragraph
    outcome_services.paragraph_update(
        paragraph=paragraph, by=secretariat, text="Ours.", expected_version=paragraph.version
    )
    state(world, "BE")
    client.force_login(secretariat)

    client.post(reverse("proceedings:final_report_overwrite", args=[world.slug]), {"keep": "1"})

    paragraph.refresh_from_db()
    total = GeneratedText.objects.get(document=document, key="participation.total").paragraph
    assert paragraph.text == "Ours."
    assert total.text.startswith("6 States")


def test_outcomes_list_offers_the_secretariat_to_draft_then_to_regenerate(client, secretariat, world, delegation):
    url = reverse("outcomes:list", args=[world.slug])
    client.force_login(secretariat)
    before = client.get(url).content.decode()
    services.final_report_draft(meeting=world, by=secretariat)
    after = client.get(url).content.decode()
    client.force_login(delegation.created_by)
    delegate = client.get(url).content.decode()

    assert "Draft the final report" in before
    assert "Regenerate the final report" in after
    assert 'data-testid="final-report"' not in delegate


def test_the_page_has_one_form_around_the_particulars(client, secretariat, world):
    client.force_login(secretariat)

    html = client.get(page(world)).content.decode()

    assert html.count("<form") == html.count("</form>")
    main = html[html.index("<main") :]
    assert main.count('<form method="post"') == 1
    assert 'name="president"' in main


def test_the_final_reports_workspace_links_the_secretariat_to_regenerate_it(client, secretariat, world):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    client.force_login(secretariat)

    html = client.get(reverse("outcomes:workspace", args=[document.pk])).content.decode()

    assert 'data-testid="regenerate"' in html
    assert page(world) in html
