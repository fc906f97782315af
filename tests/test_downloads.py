from ccm_portal.downloads import download


def test_download_is_an_unsniffed_sandboxed_private_attachment():
    response = download(b"%PDF-1.7", filename="1MSP-credentials.pdf")

    assert response["Content-Disposition"] == 'attachment; filename="1MSP-credentials.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_quotes_and_other_scripts_in_a_file_name_cannot_break_the_header():
    response = download(b"%PDF-1.7", filename='Côte d\'Ivoire "draft"; x=1.pdf')

    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert '"draft"' not in header
    assert "; x=1" not in header.split("''", 1)[1]
