import base64
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from ccm_portal.audit.models import AuditEntry
from ccm_portal.jobs.models import RenderJob
from ccm_portal.meetings.models import Category
from delegations import badges, services_lists
from delegations.checkin import BadgeRefused
from delegations.models import BadgePrint, Participant
from delegations.selectors_lists import resolve_token
from tests.delegations.factories_lists import approved_delegation, approved_participant, run_jobs
from tests.factories import MeetingFactory
from tests.queries import warm_get, warm_queries

pytestmark = pytest.mark.django_db


def token_of(participant) -> str:
    services_lists.ensure_badge_keys(participants=[participant])
    participant.refresh_from_db()
    return badges.badge_token(participant)


def finished(job) -> RenderJob:
    run_jobs()
    job.refresh_from_db()
    assert job.status == "done", job.error
    return job


def test_a_badge_token_is_signed_random_and_names_no_database_id(world):
    head = world["lao_head"]
    token = token_of(head)

    assert badges.parse_token(token) is not None
    key, signature = token.split("-")
    assert key == head.badge_key
    assert len(key) == len(signature) == 16
    assert Participant.objects.filter(badge_key=str(head.pk)).count() == 0
    assert resolve_token(world["meeting"], token) == head
    # Scanners and people may type it in lower case or with spaces.
    assert resolve_token(world["meeting"], f"  {token.lower()[:10]} {token.lower()[10:]} ") == head


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), "altered"),
        (lambda t: ("A" if t[0] != "A" else "B") + t[1:], "No badge has this code"),
        (lambda t: "12345", "not a badge code"),
        (lambda t: "", "not a badge code"),
    ],
)
def test_tampered_or_foreign_tokens_are_refused(world, mangle, message):
    token = token_of(world["lao_head"])

    with pytest.raises(BadgeRefused, match=message):
        resolve_token(world["meeting"], mangle(token))


def test_a_token_signed_with_another_secret_is_refused(world, settings):
    head = world["lao_head"]
    token = token_of(head)
    settings.SECRET_KEY = "another-site-entirely-" + "x" * 40

    with pytest.raises(BadgeRefused, match="altered"):
        resolve_token(world["meeting"], token)


def test_a_token_of_another_meeting_is_refused(world):
    other_meeting = MeetingFactory(short_title="2MSP")
    stranger = approved_participant(approved_delegation(other_meeting, country="NO", sort_name="Norway"))

    with pytest.raises(BadgeRefused, match="another meeting \\(2MSP\\)"):
        resolve_token(world["meeting"], token_of(stranger))
    # A key of this meeting re-signed for another meeting is a forgery, not a visitor.
    head = world["lao_head"]
    token_of(head)
    forged = badges.make_token(other_meeting.pk, head.badge_key)
    with pytest.raises(BadgeRefused, match="altered"):
        resolve_token(world["meeting"], forged)


def test_badge_keys_are_given_once_and_never_replaced(world):
    head = world["lao_head"]
    assert services_lists.ensure_badge_keys(participants=[head]) == 1
    first = head.badge_key
    stale_copy = Participant.objects.get(pk=head.pk)
    stale_copy.badge_key = None  # as another render that read the row before the key existed

    assert services_lists.ensure_badge_keys(participants=[stale_copy]) == 0
    assert stale_copy.badge_key == first
    assert Participant.objects.get(pk=head.pk).badge_key == first


def test_the_fast_qr_encoder_agrees_with_segno_module_for_module():
    import secrets

    tokens = ["ABCDEFGHIJKLMNOP-QRSTUVWXYZ234567"] + [
        f"{badges._b32(secrets.token_bytes(10))}-{badges._b32(secrets.token_bytes(10))}" for _ in range(200)
    ]
    for token in tokens:
        reference = segno.make(token, error="m", mask=0, micro=False).matrix
        assert badges.qr_matrix(token) == [list(row) for row in reference], token
    image = badges.qr_image(tokens[0])
    assert image.size == (25, 25)
    assert image.getpixel((0, 0)) == 0  # the corner of a finder pattern is dark


def test_badges_of_a_delegation_show_names_and_their_qr_codes_scan(world, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the QR codes (requirements-dev.txt)")
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (Debian poppler-utils) rasterises the badge sheet")
    from PIL import Image

    job, how = services_lists.request_badges(
        meeting=world["meeting"], params={"set": "delegation", "delegation": world["lao"].pk}
    )
    job = finished(job)

    with job.file.open("rb") as stored:
        pdf = stored.read()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "H.E. Mr. Thongloun SISOULITH" in text
    assert "Lao People's Democratic\nRepublic · Head of delegation" in text
    assert "Pending" not in text
    assert "Rejected" not in text
    (tmp_path / "badges.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "badges.pdf"), str(tmp_path / "sheet")],
        check=True,
    )
    decoded = {result.text for result in zxingcpp.read_barcodes(Image.open(tmp_path / "sheet.png"))}
    expected = {badges.badge_token(p) for p in Participant.objects.filter(pk__in=job.meta["participant_ids"])}
    assert len(expected) == 4
    assert decoded == expected


def test_a_pending_or_rejected_participant_gets_no_badge(world):
    with pytest.raises(badges.NoBadges):
        services_lists.request_badges(
            meeting=world["meeting"], params={"set": "participant", "participant": world["pending"].pk}
        )


def test_printing_marks_badges_and_the_unprinted_set_shrinks(client, world, secretariat):
    client.force_login(secretariat)
    page = client.post(reverse("delegations:badges", args=["1msp"]), {"which": "unprinted"})
    job = finished(RenderJob.objects.get())
    assert page["Location"] == reverse("delegations:job", args=["1msp", job.pk])
    assert job.meta["count"] == 8

    download = client.post(reverse("delegations:badges_printed", args=["1msp", job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert Participant.objects.filter(badge_printed_at__isnull=False).count() == 8
    assert BadgePrint.objects.filter(is_reprint=False).count() == 8
    assert AuditEntry.objects.filter(action="printed badges").exists()

    empty = client.post(reverse("delegations:badges", args=["1msp"]), {"which": "unprinted"})
    assert empty.status_code == 400
    assert "no badge to print" in empty.content.decode()


def test_reprinting_one_badge_is_possible_and_recorded(client, world, secretariat):
    client.force_login(secretariat)
    head = world["lao_head"]
    job, _how = services_lists.request_badges(meeting=world["meeting"], params={"set": "all"})
    services_lists.badges_mark_printed(job=finished(job), by=secretariat)
    key = Participant.objects.get(pk=head.pk).badge_key

    response = client.post(reverse("delegations:badge_reprint", args=["1msp", head.pk]))
    reprint = finished(RenderJob.objects.get(params__set="participant"))
    assert response["Location"] == reverse("delegations:job", args=["1msp", reprint.pk])
    printed = client.post(reverse("delegations:badges_printed", args=["1msp", reprint.pk]))
    assert b"".join(printed.streaming_content).startswith(b"%PDF")

    assert BadgePrint.objects.filter(participant=head, is_reprint=True).count() == 1
    assert Participant.objects.get(pk=head.pk).badge_key == key  # the same badge, printed again
    assert AuditEntry.objects.filter(trail=head.trail, action="reprinted badge").exists()


def test_category_set_and_form_errors(client, world, secretariat):
    client.force_login(secretariat)
    missing = client.post(reverse("delegations:badges", args=["1msp"]), {"which": "delegation"})
    assert missing.status_code == 400
    assert "Choose the delegation" in missing.content.decode()

    client.post(reverse("delegations:badges", args=["1msp"]), {"which": "category", "category": "4"})
    job = finished(RenderJob.objects.get())
    assert job.meta["count"] == 1
    with job.file.open("rb") as stored:
        assert "Мария ИВАНОВА" in PdfReader(stored).pages[0].extract_text()


def test_badge_page_lists_recent_sheets_with_a_constant_number_of_queries(client, world, secretariat):
    client.force_login(secretariat)
    url = reverse("delegations:badges", args=["1msp"])
    services_lists.request_badges(meeting=world["meeting"], params={"set": "all"})
    one = warm_queries(client, url)
    for category in (1, 3, 4):
        services_lists.request_badges(meeting=world["meeting"], params={"set": "category", "category": category})
    many, page = warm_get(client, url)
    assert page.content.decode().count('href="/secretariat/1msp/participants/jobs/') == 4
    # describe_set reads nothing for these sets; only a delegation set costs its name.
    assert one == many


def test_badge_page_names_delegation_and_participant_sets_with_a_constant_number_of_queries(client, world, secretariat):
    client.force_login(secretariat)
    url = reverse("delegations:badges", args=["1msp"])
    # Some world keys name a participant and a delegation alike (the participant wins): go through people.
    delegations = [world[name].delegation for name in ("cuba_private", "lao_head", "ivory", "china", "icrc_member")]
    people = [world[name] for name in ("lao_head", "lao_adviser", "ivory", "china", "icrc_member")]
    # One sheet of each kind that costs a name, then ten: the names are read in one query per kind.
    services_lists.request_badges(
        meeting=world["meeting"], params={"set": "delegation", "delegation": delegations[0].pk}
    )
    services_lists.request_badges(meeting=world["meeting"], params={"set": "participant", "participant": people[-1].pk})
    one = warm_queries(client, url)
    for delegation in delegations[1:]:
        services_lists.request_badges(
            meeting=world["meeting"], params={"set": "delegation", "delegation": delegation.pk}
        )
    for person in people[: 10 - len(delegations) - 1]:
        services_lists.request_badges(meeting=world["meeting"], params={"set": "participant", "participant": person.pk})
    assert RenderJob.objects.count() == 10
    ten, page = warm_get(client, url)
    html = page.content.decode()
    assert html.count('href="/secretariat/1msp/participants/jobs/') == 10
    assert "Badges of Cuba" in html
    assert "Badge of " + people[0].display_name in html
    assert one == ten


def test_category_colours_are_written_once_in_the_stylesheet_and_drawn_on_the_badge_band():
    stylesheet = Path(finders.find("css/portal.css")).read_text("utf-8")
    rules = dict(re.findall(r"\.badge-category-(\d+)\s*\{\s*background-color:\s*(#[0-9a-f]{6})", stylesheet))
    assert sorted(rules) == sorted(str(value) for value in Category.values)
    python = "".join(path.read_text("utf-8") for path in Path(settings.BASE_DIR, "delegations").rglob("*.py"))
    assert not [colour for colour in rules.values() if colour in python]

    token = "ABCDEFGHIJKLMNOP-QRSTUVWXYZ234567"
    sheet = [badges.Badge(None, token, int(value), "", index % 2 == 1) for index, value in enumerate(Category.values)]
    image = Image.open(io.BytesIO(base64.b64decode(badges.sheet_image(sheet).split(",", 1)[1]))).convert("RGB")
    for index, value in enumerate(Category.values):
        left, top = round(index % 2 * badges.BADGE_MM[0]), round(index // 2 * badges.BADGE_MM[1])
        colour = rules[str(value)]
        assert image.getpixel((left + 2, top + 2)) == tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
