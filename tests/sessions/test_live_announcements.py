"""The room screen is heard sensibly: its per-second clock sits in no live region (a screen reader
would read it out every second); one status line, filled by static/js/sessions-live.js, carries the
change of speaker and the minute thresholds, with its words translated in the page. It has a
heading of level one and a title of its own."""

from html.parser import HTMLParser

from django.urls import reverse

from sessions import services
from sessions.models import SpeakerEntry


class LiveRegions(HTMLParser):
    """The open elements' live-region-ness when the clock and the status line are met."""

    LIVE_ROLES = {"status", "alert", "log", "timer", "marquee"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.clock_in_live_region = None
        self.status: dict | None = None
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        live = attrs.get("aria-live") in ("polite", "assertive") or attrs.get("role") in self.LIVE_ROLES
        if attrs.get("data-testid") == "live-clock":
            self.clock_in_live_region = any(self.stack) or live
        if attrs.get("data-testid") == "live-announcer":
            self.status = attrs
        self.h1 += tag == "h1"
        if tag not in {"meta", "link", "br", "img", "input"}:
            self.stack.append(live)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()


def test_the_room_screens_clock_is_in_no_live_region_and_one_status_line_announces_changes(
    client, meeting, speakers_list, secretariat, make_delegation
):
    entry = services.speaker_inscribe(
        speakers_list=speakers_list, delegation=make_delegation("NO", 1, sort_name="Norway"), by=secretariat
    )
    services.speaker_set_status(entry=entry, by=secretariat, status=SpeakerEntry.Status.SPEAKING)

    html = client.get(reverse("ccm_sessions:live", args=[meeting.slug, speakers_list.pk])).content.decode()
    page = LiveRegions()
    page.feed(html)

    assert page.clock_in_live_region is False
    assert page.status["role"] == "status"
    assert page.status["data-speaking-now"] == "Speaking now: {name}"
    assert page.status["data-one-minute-left"] == "One minute left"
    assert page.h1 == 1
    assert f"<title>Room screen: {speakers_list.title} · {meeting.short_title}</title>" in html


def test_the_room_screens_status_line_speaks_french_on_the_french_page(client, meeting, speakers_list):
    html = client.get("/fr" + reverse("ccm_sessions:live", args=[meeting.slug, speakers_list.pk])).content.decode()
    page = LiveRegions()
    page.feed(html)

    assert page.status["data-speaking-now"].count("{name}") == 1
    assert 'lang="fr"' in html
