"""METER show-business: the loader of the corpus' stories and agency copy.

Run from the repository root: python benchmarks/meter.py [--corpora PATH]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# Loading the corpus ----------------------------------------------------------------------------------

CORPUS = "meter-showbiz"
"""The corpus folder inside the corpora folder."""
LABELS = ("Verbatim", "Rewrite", "New")
CLASSES = ("wholly-derived", "partially-derived", "non-derived")
DERIVED = frozenset(CLASSES[:2])

# The newspapers' readme files say which stories combine the copy of two catchlines. The two stories of
# 10.08.99 that combine "bbc" and "street" have an agency folder of their own, "bbcstreet", holding the files
# of both. The Sun's story 77 of 13.08.99 sits under "spice" and is said to draw on "spicefestival" too; its
# judges call it non-derived. The corpora README's figures compare it with "spice" alone (with both, the
# 1-gram AUC is 0.769 instead of 0.771), so load_stories adds the second catchline only when asked.
COMBINED_CATCHLINES = {("13.08.99", "spice77_sun"): ("spicefestival",)}

_RULE = re.compile(r"[ \t]*-{20,}[ \t]*")
# A paragraph of wire copy ends in "<" at the end of a line (once with a space before it).
_PARAGRAPH_END = re.compile(r"<[ \t]*(?:\n|\Z)")
# The lines that close a take ("mf": more follows, "mfl", "end", "ends", once followed by the operator's
# initials): transmission marks, not text.
_TAKE_MARK = re.compile(r"(?i)(?:end|ends|mf|mfl|more)(?:\s+[a-z]{1,3})?")
# A whole paragraph in brackets before the first line of text is a note to the newsdesk ("with pix",
# "reopens", "corrected repetition, ..."), not part of the story.
_DESK_NOTE = re.compile(r"\(.*\)")
_SPACE = re.compile(r"\s+")
_WIRE_CHARACTERS = str.maketrans({
    "#": "\u00a3",  # the wire had no pound sign; "#44 million" is £44 million
    "`": "'",  # `...' is a single quote; ``...'' a double one (below)
    "\x19": " ",  # a control byte (0x19) opens every paragraph after the first
})


def clean_pa(raw: str) -> list[str]:
    """The paragraphs of one raw Press Association wire file, as plain text.

    Drops the header block (three dashed rules with the time/page line between the last two), the
    trailing take marks (`mf`, `mfl`, `end`, ...) and a bracketed desk note opening the take; joins each
    paragraph's lines with single spaces; turns ``...'' into "...", `...' into '...' and `#` into `£`.
    The wire's dash, ` _ `, is kept as it is: the naive baselines' `\\w+` takes it for a word, as it did when
    the corpora README's figures were measured (reusecheck's words never include `_`). Paragraphs keep
    their order; the headline and byline are kept.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    rules = [i for i, line in enumerate(lines) if _RULE.fullmatch(line)]
    if len(rules) >= 3:
        text = "\n".join(lines[rules[2] + 1:])
    text = text.replace("``", '"').replace("''", '"').translate(_WIRE_CHARACTERS)
    paragraphs = [p for chunk in _PARAGRAPH_END.split(text) if (p := _SPACE.sub(" ", chunk).strip())]
    while paragraphs and _TAKE_MARK.fullmatch(paragraphs[-1]):
        paragraphs.pop()
    while paragraphs and _DESK_NOTE.fullmatch(paragraphs[0]):
        paragraphs.pop(0)
    return paragraphs


def decode_legacy(data: bytes) -> str:
    """The corpus' files are cp1252 (the pound sign and a few accented letters as single high bytes)."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined: latin-1 maps every byte
        return data.decode("latin-1")


_ROOT = re.compile(r"<meterdocument\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_BODY = re.compile(r"<body>(.*)</body>", re.IGNORECASE | re.DOTALL)
_SPAN = re.compile(r"<(Verbatim|Rewrite|New)\b[^>]*>(.*?)</\1\s*>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def read_story(data: bytes) -> tuple[dict[str, str], str, tuple[str, ...] | None]:
    """The root element's attributes, the story text and, for an annotated story, one label per character.

    An annotated story's text is the contents of its `<Verbatim>`, `<Rewrite>` and `<New>` elements
    concatenated in order (white space between the elements is not part of it), each character labelled
    with its element's name; otherwise it is everything inside `<body>` with the tags removed and labels
    are None. The text is kept exactly as the file has it (CRLF line breaks, `#` for the pound sign in a
    few places), so character offsets into it match the annotation.
    """
    source = decode_legacy(data)
    root = _ROOT.search(source)
    body = _BODY.search(source)
    if root is None or body is None:
        raise ValueError("not a METER document: no <meterdocument> root or no <body>")
    attributes = dict(_ATTRIBUTE.findall(root.group(1)))
    spans = [(m.group(1), m.group(2)) for m in _SPAN.finditer(body.group(1))]
    if not spans:
        return attributes, _TAG.sub("", body.group(1)), None
    text = "".join(content for _label, content in spans)
    labels = tuple(label for label, content in spans for _ in content)
    return attributes, text, labels


_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Story:
    """One newspaper story with the agency copy it is to be compared with."""

    id: str
    """The file's stem: catchline, the corpus' story number, newspaper (unique over the corpus)."""
    date: str
    """The folder's date, DD.MM.YY."""
    catchline: str
    newspaper: str
    classification: str
    """The journalists' judgement: wholly-derived, partially-derived or non-derived."""
    text: str
    labels: tuple[str, ...] | None
    """One of LABELS per character of `text` for the 90 annotated stories, else None."""
    pa: tuple[tuple[str, str], ...]
    """Every agency file of the story's date and catchline: ("<catchline>/<file>", cleaned text), the
    text being clean_pa's paragraphs joined by blank lines."""

    @property
    def derived(self) -> bool:
        return self.classification in DERIVED

    @cached_property
    def word_spans(self) -> tuple[tuple[int, int], ...]:
        """Character spans of the story's words: runs of `[^\\W_]+`, as scorers.covered_words counts them."""
        return tuple(m.span() for m in _WORD.finditer(self.text))

    @cached_property
    def word_labels(self) -> tuple[str, ...] | None:
        """The label of each word, for an annotated story: that of its first character.

        A word rarely straddles two elements (an annotator's span boundary inside a word); its first
        character decides then.
        """
        if self.labels is None:
            return None
        return tuple(self.labels[start] for start, _end in self.word_spans)


def load_stories(corpora: Path, *, combined_catchlines: bool = False) -> list[Story]:
    """All 175 stories of the corpus under `corpora`/meter-showbiz, sorted by path (date folder, catchline, id).

    Each story carries the cleaned text of all agency files of its date and catchline; with
    `combined_catchlines`, also those of the second catchline of the one story that sits under one catchline
    and combines two (COMBINED_CATCHLINES). Raises FileNotFoundError when the corpus is not there.
    """
    root = corpora / CORPUS
    if not (root / "newspapers").is_dir() or not (root / "PA").is_dir():
        raise FileNotFoundError(f"no METER corpus at {root}")
    pa_cache: dict[Path, tuple[tuple[str, str], ...]] = {}

    def agency(folder: Path) -> tuple[tuple[str, str], ...]:
        if folder not in pa_cache:
            pa_cache[folder] = tuple(
                (f"{folder.name}/{path.name}", "\n\n".join(clean_pa(decode_legacy(path.read_bytes()))))
                for path in sorted(folder.glob("*.txt")))
        return pa_cache[folder]

    stories = []
    for path in sorted((root / "newspapers").glob("*/*/*/*.sgml")):
        catchline_dir = path.parent
        date, catchline = catchline_dir.parent.name, catchline_dir.name
        attributes, text, labels = read_story(path.read_bytes())
        pa_dir = root / "PA" / catchline_dir.parent.parent.name / date
        pa = agency(pa_dir / catchline)
        for extra in COMBINED_CATCHLINES.get((date, path.stem), ()) if combined_catchlines else ():
            pa += agency(pa_dir / extra)
        stories.append(Story(
            id=path.stem, date=date, catchline=catchline, newspaper=attributes.get("newspaper", ""),
            classification=attributes.get("classification", ""), text=text, labels=labels, pa=pa,
        ))
    return stories
