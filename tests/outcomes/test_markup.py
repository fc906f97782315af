import pytest

from outcomes import markup


def test_light_formatting_becomes_emphasis_lists_and_paragraphs():
    html = markup.render("States Parties *will* act **now**:\n- report\n- share\n\n1. first\n2. second")

    assert html == (
        "<p>States Parties <em>will</em> act <strong>now</strong>:</p>"
        "<ul><li>report</li><li>share</li></ul><ol><li>first</li><li>second</li></ol>"
    )


@pytest.mark.parametrize(
    "attack",
    [
        '<script>alert("x")</script>',
        '<img src="file:///etc/passwd" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '"><svg onload=alert(1)>',
        "<iframe src=//evil.example></iframe>",
        '<p style="background:url(file:///etc/passwd)" onclick="x()">p</p>',
    ],
)
def test_script_injection_is_neutralised(attack):
    html = markup.render(f"Before {attack} after [^note {attack}]")

    lowered = html.lower()
    for forbidden in ("<script", "<img", "<svg", "<iframe", "javascript:", "onerror", "onload", "onclick", "style="):
        assert forbidden not in lowered
    assert "Before" in html
    assert "after" in html


def test_allowed_links_keep_safe_schemes_only():
    html = markup.render('See <a href="https://www.clusterconvention.org/">the CCM</a> and <a href="ftp://x">x</a>.')

    assert '<a href="https://www.clusterconvention.org/" rel="noopener noreferrer">the CCM</a>' in html
    assert "ftp://" not in html


def test_footnotes_are_numbered_through_the_document_on_pages():
    counter = markup.FootnoteCounter()

    first = markup.render("One[^First note.] and two[^Second *note*.]", counter=counter)
    second = markup.render("Three[^Third note.]", counter=counter)

    assert 'href="#fn-1"' in first
    assert 'href="#fn-2"' in first
    assert 'href="#fn-3"' in second
    assert [(n, str(note)) for n, note in counter.notes] == [
        (1, "First note."),
        (2, "Second <em>note</em>."),
        (3, "Third note."),
    ]


def test_footnotes_become_floating_footnotes_in_pdfs():
    assert str(markup.render("Text[^A note.]", mode="pdf")) == '<p>Text<span class="footnote">A note.</span></p>'


def test_square_brackets_are_marked_and_detected_but_footnotes_are_not_brackets():
    html = markup.render("Within [two] years[^A note.]")

    assert '<span class="bracket">[</span>two<span class="bracket">]</span>' in html
    assert markup.has_brackets("Within [two] years")
    assert not markup.has_brackets("Within two years[^A note.]")


def test_text_with_angle_brackets_and_ampersands_stays_readable():
    assert markup.render("Articles 3 & 4 < 5") == "<p>Articles 3 &amp; 4 &lt; 5</p>"
    assert markup.plain_text("Articles <em>3</em> &amp; 4<script>x</script>") == "Articles 3 & 4"
