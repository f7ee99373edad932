"""What counts as page chrome rather than article: shared by the HTML and plain-text readers."""

from __future__ import annotations

import re

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
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    in_head = True
    notices = notice_spans(text)
    for chunk in re.split(r"(\n[ \t\r\f\v]*\n)", text):
        if chunk.startswith("\n"):
            _extend(spans, pos, pos + len(chunk))
        elif not any(pos <= start < pos + len(chunk) for start, _end in notices):
            line_pos = pos
            for line in chunk.splitlines(keepends=True):
                words = len(line.split())
                icons = bool(_ICON_CAPTION.match(line)) or (
                    words <= _ICON_ROW and len(_ICON.findall(line)) >= 2 and not _SENTENCE.search(line))
                number = _CRUMB_LINE.match(line) if in_head and words <= _CRUMB else None
                crumb = number is not None and not _SENTENCE.search(line, number.end())
                if not (icons or crumb):
                    in_head = in_head and words < _BODY_LINE
                    _extend(spans, line_pos, line_pos + len(line))
                line_pos += len(line)
        pos += len(chunk)
    return tuple(spans)


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
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?![ \t\r\f\v]*\n)[^\n]*)*", text)
                  if m.group().strip()]
    places = paragraphs[:2] + paragraphs[2:][-_NOTICE_PLACES:]
    return sorted({(a, b) for a, b in places
                   if len(text[a:b].split()) <= _NOTICE_WORDS and is_terms_notice(text[a:b])})
