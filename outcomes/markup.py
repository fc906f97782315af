"""The light formatting of paragraph text, and how it becomes safe HTML.

Drafters and delegations type plain text. A few conventions give it shape:

- ``*emphasis*`` and ``**strong**``;
- lines starting with ``- `` form a bulleted list, lines starting with ``1. `` a numbered list;
- a blank line starts a new paragraph, a single line break stays a line break;
- ``[^footnote text]`` puts a numbered footnote at that place;
- text between square brackets ``[ ]`` is bracketed (not agreed) text.

A little HTML is accepted too (em, strong, ul, ol, li, p, br, sup, a with an
http, https or mailto link). Everything goes through nh3 with that allow-list,
then through a small serializer of ours that escapes every text node again,
marks the brackets and places the footnotes: nothing a user types reaches a
page or a PDF as markup outside the allow-list.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

ALLOWED_TAGS = {"em", "strong", "ul", "ol", "li", "p", "br", "a", "sup"}
INLINE_TAGS = {"em", "strong", "br", "a", "sup"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
VOID_TAGS = {"br"}

FOOTNOTE_RE = re.compile(r"\[\^([^\]]*)\]")
# Private-use characters stand for footnote calls while the text is sanitised.
FN_OPEN, FN_CLOSE = "\ue000", "\ue001"
PLACEHOLDER_RE = re.compile(f"{FN_OPEN}(\\d+){FN_CLOSE}")
STRONG_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EM_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
BULLET_RE = re.compile(r"^\s*[-•]\s+(.*)$")
ORDERED_RE = re.compile(r"^\s*\d+[.)]\s+(.*)$")


def _strip_private(text: str) -> str:
    return text.replace(FN_OPEN, "").replace(FN_CLOSE, "").replace("\r\n", "\n").replace("\r", "\n")


def split_footnotes(text: str) -> tuple[str, list[str]]:
    """The text with footnotes replaced by placeholders, and the footnotes' texts in order."""
    notes: list[str] = []

    def take(match):
        notes.append(match.group(1).strip())
        return f"{FN_OPEN}{len(notes) - 1}{FN_CLOSE}"

    return FOOTNOTE_RE.sub(take, _strip_private(text)), notes


def has_brackets(text: str) -> bool:
    """True when square brackets (not footnotes) remain in the text."""
    without_notes = FOOTNOTE_RE.sub("", text or "")
    return "[" in without_notes or "]" in without_notes


def plain_text(text: str) -> str:
    """The words of the text without any markup: for comparisons and search."""
    return html.unescape(nh3.clean(_strip_private(text or ""), tags=set()))


def _inline(source: str) -> str:
    source = STRONG_RE.sub(r"<strong>\1</strong>", source)
    return EM_RE.sub(r"<em>\1</em>", source)


def _block_html(lines: list[str]) -> str:
    """One block of lines: runs of list items become lists, other lines a paragraph with line breaks."""
    runs: list[tuple[str, list[str]]] = []
    for line in lines:
        bullet, ordered = BULLET_RE.match(line), ORDERED_RE.match(line)
        tag = "ul" if bullet else "ol" if ordered else "p"
        content = (bullet or ordered).group(1) if tag != "p" else line
        if runs and runs[-1][0] == tag:
            runs[-1][1].append(content)
        else:
            runs.append((tag, [content]))
    out = []
    for tag, items in runs:
        if tag == "p":
            out.append("<p>" + "<br>".join(_inline(item) for item in items) + "</p>")
        else:
            out.append(f"<{tag}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{tag}>")
    return "".join(out)


def _blocks(source: str) -> str:
    blocks = re.split(r"\n\s*\n", source.strip())
    return "".join(_block_html([line.rstrip() for line in block.split("\n") if line.strip()]) for block in blocks)


def _sanitise(fragment: str, tags: set[str]) -> str:
    return nh3.clean(fragment, tags=tags, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES)


@dataclass
class FootnoteCounter:
    """Numbers footnotes through a whole document; `prefix` keeps ids unique on a page."""

    prefix: str = "fn"
    count: int = 0
    notes: list[tuple[int, SafeString]] = field(default_factory=list)


class _Serializer(HTMLParser):
    """Re-emits sanitised HTML, escaping text again, marking brackets and placing footnotes."""

    def __init__(self, *, footnote_html: list[str], counter: FootnoteCounter, mode: str, mark_brackets: bool):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.footnote_html = footnote_html
        self.counter = counter
        self.mode = mode
        self.mark_brackets = mark_brackets

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            return
        rendered = "".join(
            f' {name}="{html.escape(PLACEHOLDER_RE.sub("", value or ""), quote=True)}"'
            for name, value in attrs
            if name in ALLOWED_ATTRIBUTES.get(tag, ()) or (tag == "a" and name == "rel")
        )
        self.out.append(f"<{tag}{rendered}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        pos = 0
        for match in PLACEHOLDER_RE.finditer(data):
            self.out.append(self._text(data[pos : match.start()]))
            self.out.append(self._footnote(int(match.group(1))))
            pos = match.end()
        self.out.append(self._text(data[pos:]))

    def _text(self, data: str) -> str:
        escaped = html.escape(data, quote=False)
        if self.mark_brackets:
            escaped = escaped.replace("[", '<span class="bracket">[</span>').replace(
                "]", '<span class="bracket">]</span>'
            )
        return escaped

    def _footnote(self, index: int) -> str:
        if index >= len(self.footnote_html):
            return ""
        note = self.footnote_html[index]
        if self.mode == "pdf":
            return f'<span class="footnote">{note}</span>'
        self.counter.count += 1
        n = self.counter.count
        self.counter.notes.append((n, mark_safe(note)))  # noqa: S308 - built from sanitised, re-escaped text
        anchor = f"{self.counter.prefix}-{n}"
        label = html.escape(gettext("Footnote %(number)s") % {"number": n})
        return f'<sup class="fn-call"><a href="#{anchor}" id="{anchor}-ref" aria-label="{label}">{n}</a></sup>'


def _serialise(fragment: str, **kwargs) -> str:
    parser = _Serializer(**kwargs)
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def render(text: str, *, counter: FootnoteCounter | None = None, mode: str = "web", inline: bool = False) -> SafeString:
    """Safe HTML for a paragraph's text; footnotes are numbered by `counter` (web) or by CSS (pdf)."""
    counter = counter if counter is not None else FootnoteCounter()
    source, notes = split_footnotes(text or "")
    note_html = [
        _serialise(
            _sanitise(_inline(note), INLINE_TAGS),
            footnote_html=[],
            counter=counter,
            mode=mode,
            mark_brackets=False,
        )
        for note in notes
    ]
    fragment = _sanitise(_inline(source) if inline else _blocks(source), INLINE_TAGS if inline else ALLOWED_TAGS)
    body = _serialise(fragment, footnote_html=note_html, counter=counter, mode=mode, mark_brackets=True)
    return mark_safe(body)  # noqa: S308 - every text node was escaped by _Serializer
