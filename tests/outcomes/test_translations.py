"""Language versions of an adopted document: the matrix, entering and uploading a version, its PDF.

The PDF's expected header lines are read from the catalogues under translation.override, so the
tests hold before the translation pass fills the catalogues and after it: until then the French
"Original" line reads "Original: English", afterwards "Original : anglais".
"""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext
from pypdf import PdfReader

from ccm_portal.storage import private_storage
from outcomes import pdfs, selectors, services
from outcomes.models import OutcomeDocument, Translation
from tests.outcomes.factories import deadline
from tests.queries import warm_queries
from tests.stored_pdfs import body, fetch_pdf
from tests.test_pdf_languages import assert_says, box_of, pdf_text

pytestmark = pytest.mark.django_db

FRENCH_TITLE = "Plan d'action de Vientiane"
ISSUED = dt.date(2026, 11, 27)


def _url(name, document, **kwargs):
    return reverse(f"outcomes:{name}", kwargs={"pk": document.pk, **kwargs})


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def adopted_plan(circulated_plan, secretariat):
    services.mark_all_agreed(document=circulated_plan, by=secretariat)
    services.document_adopt(document=circulated_plan, by=secretariat, own_symbol="CCM/MSP/2010/4")
    circulated_plan.refresh_from_db()
    return circulated_plan


def _units(document):
    return selectors.translation_units(selectors.adopted_revision(document))


def _french_texts(document) -> dict[str, str]:
    return {unit.uid: f"Texte français numéro {i}." for i, unit in enumerate(_units(document), start=1)}


def _form_data(texts: dict[str, str], *, title=FRENCH_TITLE, status="issued", version=0, issued_on=ISSUED) -> dict:
    data = {"title": title, "status": status, "expected_version": version, "issued_on": issued_on or ""}
    data.update({f"text_{uid}": text for uid, text in texts.items()})
    return data


def _issue(document, by, language="fr", texts=None, title=FRENCH_TITLE) -> Translation:
    return services.translation_save(
        document=document,
        language=language,
        by=by,
        title=title,
        texts=texts if texts is not None else _french_texts(document),
        status="issued",
        issued_on=ISSUED,
        expected_version=0,
    )


# --- the matrix -------------------------------------------------------------------


def test_the_language_matrix_lists_the_six_languages_with_the_original_marked(client, adopted_plan, secretariat):
    _issue(adopted_plan, secretariat)
    client.force_login(secretariat)

    page = client.get(_url("languages", adopted_plan))

    assert page.status_code == 200
    rows = page.context["rows"]
    assert [row.code for row in rows] == ["ar", "zh", "en", "fr", "ru", "es"]
    assert [row.code for row in rows if row.is_original] == ["en"]
    html = page.content.decode()
    assert html.count("data-language=") == 6
    assert html.count('data-testid="original"') == 1
    french = next(row for row in rows if row.code == "fr")
    assert french.issued_on == ISSUED
    assert french.pdf_url == _url("translation", adopted_plan, language="fr")
    english = next(row for row in rows if row.code == "en")
    assert english.pdf_url == _url("revision_pdf", adopted_plan, number=1)
    assert not next(row for row in rows if row.code == "ru").pdf_url


def test_the_documents_list_names_the_issued_languages(client, adopted_plan, secretariat):
    _issue(adopted_plan, secretariat)
    client.force_login(secretariat)

    page = client.get(reverse("outcomes:list", kwargs={"slug": adopted_plan.meeting.slug})).content.decode()

    assert 'data-testid="languages"' in page
    assert "English (original), French" in " ".join(page.split())


# --- entering a version and its PDF ----------------------------------------------------


def test_a_drafter_enters_a_french_version_and_its_pdf_has_the_french_header_title_and_numbers(
    client, adopted_plan, drafter
):
    client.force_login(drafter)
    assert client.get(_url("translation_edit", adopted_plan, language="fr")).status_code == 200
    texts = _french_texts(adopted_plan)

    response = client.post(_url("translation_edit", adopted_plan, language="fr"), _form_data(texts))

    assert response.status_code == 302
    version = adopted_plan.translations.get(language="fr")
    assert (version.status, version.issued_on, version.title, version.version) == ("issued", ISSUED, FRENCH_TITLE, 1)
    pdf = fetch_pdf(client, _url("translation", adopted_plan, language="fr"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = _text(body(pdf))
    with translation.override("fr"):
        expected = [
            pgettext("distribution line of a UN document header", "Distr.: General"),
            formats.date_format(ISSUED, "DATE_FORMAT"),
            pgettext("language of a version, in its own UN document header", "French"),
            # "Original : anglais" once the catalogue is filled: the original's language named in French.
            pgettext("original-language line of a UN document header", "Original: English"),
            pgettext("number printed before an action", "Action #%(number)s") % {"number": 4},
        ]
    for phrase in [*expected, "CCM/MSP/2010/4", FRENCH_TITLE, "Texte français numéro 3.", "1.", "3."]:
        assert _squeeze(phrase) in text, phrase
    assert "Vientiane Action Plan" not in text
    assert "Take step 1 of area 1" not in text
    # The date is the French one: Django's own French month names.
    assert "novembre" in text


def test_a_version_in_preparation_prints_a_draft_watermark_and_a_placeholder_for_missing_text(
    adopted_plan, secretariat
):
    version = services.translation_save(
        document=adopted_plan,
        language="es",
        by=secretariat,
        title="Plan de Acción de Vientiane",
        texts={},
        status="preparation",
        expected_version=0,
    )

    text = _text(pdfs.translation_pdf(version))

    with translation.override("es"):
        watermark = pgettext("watermark on a draft document", "Draft")
        placeholder = pgettext("placeholder for a paragraph of a language version not entered yet", "(text to come)")
        original = pgettext("original-language line of a UN document header", "Original: English")
    assert watermark in text
    assert placeholder in text
    assert _squeeze(original) in text
    assert "Plan de Acción de Vientiane" in text


def test_the_version_form_shows_the_original_paragraphs_escaped(client, meeting, secretariat):
    document = services.document_create(meeting=meeting, by=secretariat, kind="decision", title="Decision")
    section = document.sections.get()
    services.paragraph_add(
        document=document, section=section, by=secretariat, kind="operative", text='<script>alert("x")</script>'
    )
    services.document_circulate(document=document, by=secretariat, comment_deadline=deadline(), notify=False)
    services.mark_all_agreed(document=document, by=secretariat)
    services.document_adopt(document=document, by=secretariat)
    client.force_login(secretariat)

    page = client.get(_url("translation_edit", document, language="fr")).content.decode()

    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_issuing_a_version_with_paragraphs_missing_is_refused_and_nothing_is_saved(client, adopted_plan, drafter):
    client.force_login(drafter)
    texts = _french_texts(adopted_plan)
    texts.pop(next(iter(texts)))

    response = client.post(_url("translation_edit", adopted_plan, language="fr"), _form_data(texts))

    assert response.status_code == 400
    assert "no text in this language yet" in " ".join(response.context["text_form"].non_field_errors())
    assert not adopted_plan.translations.exists()
    # The entered text is kept in the form.
    assert "Texte français numéro 2." in response.content.decode()


def test_an_arabic_version_runs_right_to_left_with_the_symbol_block_on_the_left(adopted_plan, secretariat):
    texts = dict.fromkeys(_french_texts(adopted_plan), "نص باللغة العربية.")
    version = _issue(adopted_plan, secretariat, language="ar", texts=texts, title="خطة عمل فيينتيان")

    with translation.override("ar"):
        context = pdfs.translation_context(version, selectors.adopted_revision(adopted_plan))
        html = render_to_string("outcomes/pdf/document.html", context)
    pdf = pdfs.translation_pdf(version)

    assert 'lang="ar" dir="rtl"' in html
    # As UN documents print it, the header block of an Arabic version is in English.
    assert_says(pdf_text(pdf), "خطة عمل فيينتيان", "Distr.: General", "Arabic", "Original: English", "CCM/MSP/2010/4")
    _x_min, x_max, width = box_of(pdf, "CCM/MSP/2010/4")
    assert x_max < width / 2


def test_the_english_original_is_not_a_language_version(adopted_plan, secretariat):
    with pytest.raises(services.OutcomeError):
        _issue(adopted_plan, secretariat, language="en")

    assert not adopted_plan.translations.exists()


def test_language_versions_wait_for_the_adoption(circulated_plan, secretariat):
    with pytest.raises(services.OutcomeError, match="once the text is adopted"):
        _issue(circulated_plan, secretariat)


def test_a_version_saved_meanwhile_by_someone_else_is_not_overwritten(client, adopted_plan, secretariat, drafter):
    _issue(adopted_plan, secretariat)
    client.force_login(drafter)
    texts = _french_texts(adopted_plan) | {next(iter(_french_texts(adopted_plan))): "Ma version à moi."}

    response = client.post(_url("translation_edit", adopted_plan, language="fr"), _form_data(texts, version=0))

    assert response.status_code == 409
    version = adopted_plan.translations.get()
    assert version.version == 1
    assert "Ma version à moi." not in version.texts.values()
    assert "Ma version à moi." in response.content.decode()
    # Saving again from the conflict page (it now carries version 1) replaces it knowingly.
    again = client.post(_url("translation_edit", adopted_plan, language="fr"), _form_data(texts, version=1))
    assert again.status_code == 302
    assert "Ma version à moi." in adopted_plan.translations.get().texts.values()


# --- uploading a version -------------------------------------------------------------


def test_an_upload_that_is_not_a_pdf_is_refused_next_to_the_field(client, adopted_plan, drafter):
    client.force_login(drafter)
    fake = SimpleUploadedFile("version.pdf", b"GIF89a not a pdf at all", content_type="application/pdf")

    response = client.post(
        _url("translation_upload", adopted_plan, language="fr"), {"file": fake, "expected_version": 0}
    )

    assert response.status_code == 400
    assert response.context["upload_form"].errors["file"]
    html = response.content.decode()
    upload_form = html[html.index('data-testid="translation-upload"') :]
    assert "invalid-feedback" in upload_form[: upload_form.index("</form>")]
    assert not adopted_plan.translations.exists()


def test_an_uploaded_pdf_is_stored_privately_and_served_in_place_of_the_rendered_text(
    client, adopted_plan, drafter, secretariat, pdf_upload
):
    client.force_login(drafter)
    response = client.post(
        _url("translation_upload", adopted_plan, language="ru"), {"file": pdf_upload, "expected_version": 0}
    )
    assert response.status_code == 302
    version = adopted_plan.translations.get(language="ru")
    # The field keeps the storage it was built with; a test that overrides STORAGES gets a new
    # instance from private_storage(), so compare where the two write, not their identity.
    assert version.file.storage.location == private_storage().location
    assert private_storage().exists(version.file.name)
    assert version.file.name.startswith("outcome-translations/")
    assert "note-verbale" not in version.file.name
    services.translation_save(
        document=adopted_plan,
        language="ru",
        by=drafter,
        title="",
        texts={},
        status="issued",
        expected_version=version.version,
    )
    services.document_publish(document=adopted_plan, by=secretariat)
    client.logout()

    download = client.get(_url("translation", adopted_plan, language="ru"))

    assert download.status_code == 200
    pdf_upload.seek(0)
    assert b"".join(download.streaming_content) == pdf_upload.read()


def test_removing_the_uploaded_pdf_returns_an_incomplete_version_to_preparation(
    client, adopted_plan, drafter, pdf_upload, django_capture_on_commit_callbacks
):
    version = services.translation_upload(
        document=adopted_plan, language="es", upload=pdf_upload, by=drafter, expected_version=0
    )
    version = services.translation_save(
        document=adopted_plan,
        language="es",
        by=drafter,
        title="",
        texts={},
        status="issued",
        expected_version=version.version,
    )
    stored = version.file.name
    client.force_login(drafter)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("translation_remove_file", adopted_plan, language="es"), {"expected_version": version.version}
        )

    assert response.status_code == 302
    version.refresh_from_db()
    assert not version.is_uploaded
    assert (version.status, version.issued_on) == ("preparation", None)
    assert not private_storage().exists(stored)


# --- who may do what ---------------------------------------------------------------


def test_delegates_strangers_and_anonymous_visitors_cannot_manage_versions(
    client, adopted_plan, accredited, stranger, pdf_upload
):
    edit = _url("translation_edit", adopted_plan, language="fr")
    upload = _url("translation_upload", adopted_plan, language="fr")
    data = _form_data(_french_texts(adopted_plan))

    anonymous = client.post(edit, data)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    for user in (accredited.created_by, stranger):
        client.force_login(user)
        assert client.get(edit).status_code in (403, 404)
        assert client.post(edit, data).status_code in (403, 404)
        assert client.post(upload, {"file": pdf_upload, "expected_version": 0}).status_code in (403, 404)
    assert not adopted_plan.translations.exists()


def test_a_delegate_sees_the_matrix_without_the_management_links(client, adopted_plan, accredited, secretariat):
    _issue(adopted_plan, secretariat)
    client.force_login(accredited.created_by)

    page = client.get(_url("languages", adopted_plan))

    assert page.status_code == 200
    assert not page.context["can_manage_translations"]
    assert all(not row.edit_url for row in page.context["rows"])
    # Adopted, not yet published: the versions are not out yet for a delegation.
    assert not next(row for row in page.context["rows"] if row.code == "fr").pdf_url


def test_the_public_sees_only_issued_versions_of_published_documents(client, adopted_plan, secretariat):
    _issue(adopted_plan, secretariat)
    services.translation_save(
        document=adopted_plan,
        language="es",
        by=secretariat,
        title="Plan de Acción",
        texts={},
        status="preparation",
        expected_version=0,
    )

    assert client.get(_url("languages", adopted_plan)).status_code == 404
    assert client.get(_url("translation", adopted_plan, language="fr")).status_code == 404
    services.document_publish(document=adopted_plan, by=secretariat)

    rows = {row.code: row for row in client.get(_url("languages", adopted_plan)).context["rows"]}
    assert rows["fr"].pdf_url
    assert rows["fr"].status
    assert rows["es"].translation is None
    assert not rows["es"].pdf_url
    assert fetch_pdf(client, _url("translation", adopted_plan, language="fr")).status_code == 200
    assert client.get(_url("translation", adopted_plan, language="es")).status_code == 404
    public = client.get(reverse("outcomes:published", kwargs={"slug": adopted_plan.meeting.slug})).content.decode()
    assert _url("translation", adopted_plan, language="fr") in public
    assert _url("translation", adopted_plan, language="es") not in public


def test_a_language_that_is_not_one_of_the_six_is_a_404(client, adopted_plan, secretariat):
    client.force_login(secretariat)

    assert client.get(_url("translation_edit", adopted_plan, language="de")).status_code == 404
    assert client.get(_url("translation_edit", adopted_plan, language="en")).status_code == 404
    assert client.get(_url("translation", adopted_plan, language="de")).status_code == 404


# --- query counts ------------------------------------------------------------------


def _count(client, url):
    return warm_queries(client, url)


def test_the_language_matrix_does_not_query_per_version(client, adopted_plan, secretariat):
    client.force_login(secretariat)
    url = _url("languages", adopted_plan)
    _issue(adopted_plan, secretariat, language="fr")
    one = _count(client, url)
    for language in ("es", "ru", "zh", "ar"):
        _issue(adopted_plan, secretariat, language=language)

    assert _count(client, url) == one


def test_the_documents_list_does_not_query_per_document_for_its_languages(client, meeting, secretariat, drafter):
    client.force_login(drafter)
    url = reverse("outcomes:list", kwargs={"slug": meeting.slug})

    def adopted_with_versions(title):
        document = services.document_create(
            meeting=meeting, by=secretariat, kind="other", title=title, drafters=[drafter]
        )
        # Straight to adopted: the list only reads the state and the versions.
        OutcomeDocument.objects.filter(pk=document.pk).update(state="adopted", adopted_at=timezone.now())
        for language in ("fr", "es"):
            Translation.objects.create(
                document=document, language=language, status="issued", issued_on=ISSUED, updated_by=secretariat
            )

    adopted_with_versions("D0")
    one = _count(client, url)
    for n in range(1, 6):
        adopted_with_versions(f"D{n}")

    assert _count(client, url) == one


def test_an_upload_when_the_store_is_unreachable_is_refused_next_to_the_field_and_nothing_is_saved(
    client, adopted_plan, drafter, pdf_upload, settings, monkeypatch
):
    from tests.storage.conftest import unreachable_store

    unreachable_store(settings, monkeypatch)
    client.force_login(drafter)

    response = client.post(
        _url("translation_upload", adopted_plan, language="fr"), {"file": pdf_upload, "expected_version": 0}
    )

    assert response.status_code == 400
    assert response.context["upload_form"].errors["file"] == [
        "The document store cannot be reached right now, so nothing was saved. Try again in a minute."
    ]
    html = response.content.decode()
    upload_form = html[html.index('data-testid="translation-upload"') :]
    assert "The document store cannot be reached" in upload_form[: upload_form.index("</form>")]
    assert not adopted_plan.translations.exists()
