"""What counts as page chrome rather than article: shared by the HTML and plain-text readers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

# Class or id words of blocks that are site furniture, not the story.
CHROME_WORDS = frozenset(
    """breadcrumb breadcrumbs share sharing social logo menu nav navbar navigation footer sidebar related
    recommended comments comment newsletter subscribe subscription advert advertisement ad ads promo
    cookie cookies banner terms copyright rights reprint reprints republish popup modal tags""".split()
)
CHROME_TAGS = frozenset("nav footer aside form".split())
"""Site furniture: kept in the text for its links, never counted (a page-level <header> is too)."""
SKIP_TAGS = frozenset("button svg iframe script style noscript template select input img picture".split())
"""Never text."""

# A reuse-terms notice names the use of the site's material, and a link, source or permission.
_NOTICE_USE = (r"re-?publish\w*|reproduc\w*|reprint\w*|may\s+be\s+(?:used|reused|quoted|copied)|\buse\s+of"
               r"|перепечат\w*|использован\w*|цитирован\w*|көшіріп\w*|қайта\s+жариял\w*|пайдалан\w*")
_NOTICE_NEED = (r"permission|hyperlink|\blink\b|original\s+source|разрешени\w*|гиперссылк\w*|ссылк\w*"
                r"|рұқсат\w*|сілтеме\w*")
_NOTICE_WHAT = (r"articles?|materials?|content|publications?|website|\bsite\b|стат(?:ья|ьи|ей|ью)\w*|материал\w*"
                r"|публикаци\w*|сайт\w*|мақала\w*|материалдар\w*")
TERMS_NOTICE = re.compile(
    rf"(?is)^(?=.*(?:{_NOTICE_USE}))(?=.*(?:{_NOTICE_NEED}))(?=.*(?:{_NOTICE_WHAT})).{{0,600}}$"
)

_CLASS_SPLIT = re.compile(r"[\s_\-]+")


def is_chrome_class(value: str) -> bool:
    """True when a class or id attribute names a chrome block ('share-icons', 'site_footer', ...)."""
    return any(part in CHROME_WORDS for part in _CLASS_SPLIT.split(value.lower()) if part)


def is_terms_notice(paragraph: str) -> bool:
    """True for a short paragraph stating the publisher's reuse terms."""
    return bool(TERMS_NOTICE.match(paragraph.strip()))


# Plain-text chrome: icon rows and logo captions anywhere, numbered breadcrumb items in the page head.
_ICON = re.compile(r"(?i)(?:icon|logo)(?:\b|(?=[A-Z]))")
_ICON_CAPTION = re.compile(r"(?i)^\s*(?:\S+\s+){0,3}(?:icon|logo)\s*$")
_SENTENCE = re.compile(r"[.!?…][\"'”»]?(?:\s|$)")
_CRUMB_LINE = re.compile(r"^\s*\d{1,2}\.\s+\S")
_CRUMB = 16
_ICON_ROW = 24
_BODY_LINE = 12


def plain_text_counted(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of a plain-text file that are the article: all lines but chrome lines and terms notices.

    A logo or icon caption ("Site Logo"), or a row of two or more such captions without a sentence in
    it, is chrome; so is a short numbered line
    before the first line long enough to be body text (a breadcrumb), so a story's own list survives.

    Lines are looked at one by one only in paragraphs that may hold such a line (one with 'icon' or
    'logo' in it, or a number, while still in the page head): a 5 MiB file of one-word lines is
    millions of lines.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    in_head = True
    notices = [start for start, _end in notice_spans(text)]
    icons = [m.start() for m in _ICON_HINT.finditer(text)]
    next_notice = next_icon = 0
    for chunk in _PARAGRAPH_BREAK.split(text):
        end = pos + len(chunk)
        if chunk.startswith("\n"):
            _extend(spans, pos, end)
            pos = end
            continue
        while next_notice < len(notices) and notices[next_notice] < pos:
            next_notice += 1
        while next_icon < len(icons) and icons[next_icon] < pos:
            next_icon += 1
        if next_notice < len(notices) and notices[next_notice] < end:
            pass  # a terms notice: none of it counts
        elif (next_icon < len(icons) and icons[next_icon] < end) or (in_head and _CRUMB_HINT.search(chunk)):
            in_head = _lines(chunk, pos, spans, in_head)
        else:
            # No line here can be chrome: all of it counts, and a long line ends the head.
            _extend(spans, pos, end)
            in_head = in_head and not _LONG_LINE.search(chunk)
        pos = end
    return tuple(spans)


def _lines(chunk: str, pos: int, spans: list[tuple[int, int]], in_head: bool) -> bool:
    """Count a paragraph's lines but its chrome lines; whether the page head goes on after it."""
    for line in chunk.splitlines(keepends=True):
        words = len(line.split())
        icons = bool(_ICON_CAPTION.match(line)) or (
            words <= _ICON_ROW and len(_ICON.findall(line)) >= 2 and not _SENTENCE.search(line))
        number = _CRUMB_LINE.match(line) if in_head and words <= _CRUMB else None
        crumb = number is not None and not _SENTENCE.search(line, number.end())
        if not (icons or crumb):
            in_head = in_head and words < _BODY_LINE
            _extend(spans, pos, pos + len(line))
        pos += len(line)
    return in_head


_PARAGRAPH_BREAK = re.compile(r"(\n[ \t\r\f\v]*\n)")
_ICON_HINT = re.compile(r"(?i)icon|logo")
_CRUMB_HINT = re.compile(r"\d\.")
# A line (as str.splitlines cuts them) of _BODY_LINE or more words (as str.split counts them).
_INLINE_SPACE = r"[^\S\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"
_LONG_LINE = re.compile(rf"(?<!\S)\S++(?:{_INLINE_SPACE}++\S++){{{_BODY_LINE - 1}}}")


def _extend(spans: list[tuple[int, int]], start: int, end: int) -> None:
    if spans and spans[-1][1] == start:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))


def counted_without_notices(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of `text` without its reuse-terms notice paragraphs."""
    notices = notice_spans(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for begin, end in notices:
        if pos < begin:
            spans.append((pos, begin))
        pos = end
    if pos < len(text):
        spans.append((pos, len(text)))
    return tuple(spans)


_NOTICE_PLACES = 3
_NOTICE_WORDS = 90


def notice_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs that state the publisher's reuse terms.

    Only short paragraphs among the first two or the last three count: a notice stands at the head
    or the foot of a page, and a story about copyright law in between is still a story.
    """
    places = _edge_paragraphs(text)
    return sorted({(a, b) for a, b in places
                   if len(text[a:b].split()) <= _NOTICE_WORDS and is_terms_notice(text[a:b])})


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t\r\f\v]*\n)[^\n]*)*")
_TAIL = 64 * 1024


def _edge_paragraphs(text: str) -> list[tuple[int, int]]:
    """The first two paragraphs and the last three after them, found without listing the millions a
    file of tiny paragraphs has in between."""
    first = [(m.start(), m.end()) for m in islice(_paragraphs(text, 0), 2)]
    window = _TAIL
    while first and len(text) - window > first[-1][1]:
        found = _paragraphs(text, len(text) - window)
        next(found, None)  # it may begin inside a paragraph
        last = [(m.start(), m.end()) for m in found][-_NOTICE_PLACES:]
        if len(last) == _NOTICE_PLACES:
            return first + last
        window *= 4
    every = [(m.start(), m.end()) for m in _paragraphs(text, 0)]
    return every[:2] + every[2:][-_NOTICE_PLACES:]


def _paragraphs(text: str, start: int) -> Iterator[re.Match[str]]:
    return (m for m in _PARAGRAPH.finditer(text, start) if m.group().strip())
