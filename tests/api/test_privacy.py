"""The public list through the API: consenting participants of accredited delegations, nothing personal."""

from delegations.models import ParticipantListSettings

URL = "/api/v1/meetings/first-msp/participants/"


def test_only_consenting_approved_participants_of_approved_delegations_are_listed(api_get, validate, two_delegations):
    response = api_get(URL)
    assert response.status_code == 200
    validate("/api/v1/meetings/{meeting}/participants/", response.data)
    assert [p["name"] for p in response.data["items"]] == ["Ms. Marie CURIE"]
    assert response.data["items"][0]["delegation"]["name"] == "France"
    body = response.content.decode()
    for absent in ("Secret", "Pending", "Tanaka", "Japan"):
        assert absent not in body


def test_no_e_mail_address_or_other_personal_field_appears(api_get, two_delegations):
    response = api_get(URL)
    body = response.content.decode()
    assert "@" not in body
    keys = set(response.data["items"][0]) | set(response.data["items"][0]["delegation"])
    for private in ("email", "gender", "photo", "accessibility_needs", "needs_visa_letter", "badge_key", "phone"):
        assert private not in keys


def test_the_list_is_not_found_while_the_secretariat_has_not_published_it(api_get, two_delegations, meeting):
    ParticipantListSettings.objects.create(meeting=meeting, symbol="CCM/MSP/2010/INF.1", is_public=False)
    assert api_get(URL).status_code == 404


def test_participants_filter_by_category_and_delegation_name(api_get, two_delegations):
    assert api_get(URL + "?category=state_party").data["count"] == 1
    assert api_get(URL + "?category=signatory").data["count"] == 0
    assert api_get(URL + "?delegation=fran").data["count"] == 1
    assert api_get(URL + "?delegation=japan").data["count"] == 0


def test_the_docs_page_loads_swagger_from_the_portals_static_files_under_its_csp(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "http://" not in html
    assert "https://" not in html
    assert '"validatorUrl": null' in html  # Swagger UI's badge would load an image from swagger.io
    # No inline script runs: the only inline <script> is a JSON data block.
    assert html.count("<script") == 3
    assert html.count('<script type="application/json"') == 1
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    bundle = client.get("/static/ninja/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert b"SwaggerUIBundle" in b"".join(bundle.streaming_content)
