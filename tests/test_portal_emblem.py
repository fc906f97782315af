"""The secretariat sets the portal's emblem and footer in the browser (README, "Configuration").

The emblem is a PNG or JPEG, scaled to 96 px high with its proportions kept, served under its
content hash with long cache headers; the identity is cached, so pages make no extra query on a hit.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from ccm_portal.audit.models import AuditEntry
from ccm_portal.meetings.models import PortalIdentity

pytestmark = pytest.mark.django_db

URL = reverse("meetings:portal_identity")


def _png(width=400, height=200, colour=(0, 90, 160, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def _form(upload=None, version=1, **fields):
    data = {"emblem_alt": "", "secretariat_name": "", "contact_email": "", "version": version, **fields}
    if upload is not None:
        data["emblem"] = upload
    return data


def _upload_png(client, **fields):
    return client.post(URL, _form(SimpleUploadedFile("emblem.png", _png(), "image/png"), **fields))


def _emblem_img(page: str) -> str:
    start = page.index('<img class="portal-emblem"')
    return page[start : page.index(">", start) + 1]


def test_the_secretariat_uploads_a_png_and_every_page_shows_it_with_its_description(client, secretariat, meeting):
    client.force_login(secretariat)

    response = _upload_png(client, emblem_alt="Emblem of the Convention on Cluster Munitions")

    assert response.status_code == 302
    row = PortalIdentity.objects.get()
    assert (row.emblem_type, row.emblem_width, row.emblem_height) == ("image/png", 192, 96)
    src = reverse("meetings:emblem", args=[row.emblem_hash, "png"])
    client.logout()
    for url in (reverse("home"), reverse("meetings:list"), meeting.get_absolute_url(), reverse("accounts:login")):
        img = _emblem_img(client.get(url).content.decode())
        assert f'src="{src}"' in img, url
        assert 'alt="Emblem of the Convention on Cluster Munitions"' in img, url
        assert 'width="192" height="96"' in img, url
    assert AuditEntry.objects.filter(trail="portal-identity", action="changed").count() == 1


def test_the_emblem_is_served_as_a_png_cached_for_a_year_under_its_hash(client, secretariat):
    client.force_login(secretariat)
    _upload_png(client)
    row = PortalIdentity.objects.get()
    client.logout()
    url = reverse("meetings:emblem", args=[row.emblem_hash, "png"])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{row.emblem_hash}"'
    with Image.open(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ) as image:
        assert image.format == "PNG"
        assert image.size == (192, 96)
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"{row.emblem_hash}"').status_code == 304
    assert client.get(reverse("meetings:emblem", args=["0" * 32, "png"])).status_code == 404


def test_a_tall_jpeg_keeps_its_proportions_and_stays_a_jpeg(client, secretariat):
    client.force_login(secretariat)
    out = io.BytesIO()
    Image.new("RGB", (300, 600), (200, 30, 30)).save(out, format="JPEG")

    client.post(URL, _form(SimpleUploadedFile("crest.jpg", out.getvalue(), "image/jpeg")))

    row = PortalIdentity.objects.get()
    assert (row.emblem_type, row.emblem_width, row.emblem_height) == ("image/jpeg", 48, 96)


def test_a_delegate_may_not_open_the_emblem_page(client, focal_point):
    client.force_login(focal_point)

    assert client.get(URL).status_code == 403
    assert client.post(URL, _form(SimpleUploadedFile("emblem.png", _png(), "image/png"))).status_code == 403
    assert not PortalIdentity.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("emblem.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        ("emblem.png", b"<html><script>alert(1)</script></html>", "image/png"),
    ],
)
def test_an_svg_or_html_file_is_refused_next_to_the_field_and_nothing_is_saved(
    client, secretariat, name, content, content_type
):
    client.force_login(secretariat)

    response = client.post(
        URL, _form(SimpleUploadedFile(name, content, content_type), secretariat_name="Implementation Support Unit")
    )

    assert response.status_code == 200
    assert "not a JPEG or PNG" in response.context["form"].errors["emblem"][0]
    assert not PortalIdentity.objects.exists()
    assert not AuditEntry.objects.filter(trail="portal-identity").exists()


def test_removing_the_emblem_falls_back_to_the_setting(client, secretariat, settings):
    settings.PORTAL_EMBLEM = "favicon.svg"
    client.force_login(secretariat)
    _upload_png(client)
    assert "/meetings/emblem/" in _emblem_img(client.get(reverse("home")).content.decode())

    response = client.post(URL, _form(version=2, remove_emblem="on"))

    assert response.status_code == 302
    assert PortalIdentity.objects.get().emblem_hash == ""
    img = _emblem_img(client.get(reverse("home")).content.decode())
    assert 'src="/static/favicon.svg" alt=""' in img


def test_the_footer_names_the_secretariat_and_its_address_and_falls_back_to_the_setting(client, secretariat, settings):
    settings.PORTAL_CONTACT_EMAIL = "Secretariat <isu@ccm.example>"
    client.force_login(secretariat)
    client.post(URL, _form(secretariat_name="Implementation Support Unit", contact_email="info@ccm.example"))

    page = client.get(reverse("privacy:notice")).content.decode()
    footer = page[page.index("<footer") : page.index("</footer>")]
    assert "Implementation Support Unit" in footer
    assert 'href="mailto:info@ccm.example"' in footer

    client.post(URL, _form(version=2))
    page = client.get(reverse("privacy:notice")).content.decode()
    footer = page[page.index("<footer") : page.index("</footer>")]
    assert "Implementation Support Unit" not in footer
    assert 'href="mailto:isu@ccm.example"' in footer


def test_a_stale_form_is_refused_and_keeps_the_other_save(client, secretariat):
    client.force_login(secretariat)
    client.post(URL, _form(secretariat_name="First name"))

    response = client.post(URL, _form(version=1, secretariat_name="Second name"))

    assert response.status_code == 200
    assert "Someone else saved" in str(response.context["form"].non_field_errors())
    assert PortalIdentity.objects.get().secretariat_name == "First name"


def test_a_page_makes_no_extra_query_for_the_identity_once_it_is_cached(client, secretariat, meeting):
    client.force_login(secretariat)
    _upload_png(client, emblem_alt="Emblem")
    client.logout()
    url = reverse("meetings:list")
    client.get(url)  # fills the cache

    with CaptureQueriesContext(connection) as with_emblem:
        assert 'alt="Emblem"' in client.get(url).content.decode()
    PortalIdentity.objects.all().delete()
    from ccm_portal.meetings import identity

    identity.forget()
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        client.get(url)

    assert len(with_emblem.captured_queries) == len(without.captured_queries)
    assert not [q for q in with_emblem.captured_queries if "portalidentity" in q["sql"]]


def test_a_damaged_png_is_refused_and_the_current_emblem_stays(client, secretariat):
    client.force_login(secretariat)
    _upload_png(client)
    before = PortalIdentity.objects.get().emblem_hash

    response = client.post(URL, _form(SimpleUploadedFile("emblem.png", _png()[:60], "image/png"), version=2))

    assert response.status_code == 200
    assert response.context["form"].errors["emblem"]
    row = PortalIdentity.objects.get()
    assert (row.emblem_hash, row.version) == (before, 2)


def test_the_treaty_status_register_links_the_emblem_page_for_the_secretariat(client, secretariat):
    client.force_login(secretariat)

    page = client.get(reverse("meetings:treaty_status")).content.decode()

    assert f'href="{URL}"' in page
    assert client.get(URL).status_code == 200
