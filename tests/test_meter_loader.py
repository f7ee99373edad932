"""The METER benchmark's loader (benchmarks/meter.py) on made-up files in the corpus' formats.

The inputs here are invented to have the corpus' quirks (wire header, `<` paragraph ends, take marks,
`#` for the pound sign, cp1252 bytes, annotated spans); the last test reads the real corpus and skips when
it is not beside the checkout.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import meter  # noqa: E402

RULE = "  " + "-" * 72
WIRE = "\r\n".join([
    RULE, "", RULE, "", "            12:00 01/01/00: Page 1 (HHH) SHOWBIZ Kettle", RULE,
    "(with pix)<",
    "\x19KETTLE CHOIR TOPS POLL<",
    "\x19By A Reporter, PA News<",
    "\x19A choir of kettles said ``we are thrilled'' after a #5 prize _ their `first'",
    "since 1990.<",
    "\x19  ``It was `fine','' the conductor said.<",
    "\x19mf",
    "",
])


def test_clean_pa_drops_the_wire_furniture_and_keeps_the_text() -> None:
    assert meter.clean_pa(WIRE) == [
        "KETTLE CHOIR TOPS POLL",
        "By A Reporter, PA News",
        'A choir of kettles said "we are thrilled" after a \u00a35 prize _ their \'first\' since 1990.',
        "\"It was 'fine',\" the conductor said.",
    ]


@pytest.mark.parametrize("mark", ["end", "END", "mfl", "ends", "ends mr", "more"])
def test_take_marks_close_the_take(mark: str) -> None:
    assert meter.clean_pa(f"Line one.<\n\x19{mark}<\n\x19\n") == ["Line one."]


def test_a_bracket_inside_the_story_is_text() -> None:
    assert meter.clean_pa("HEADLINE<\n\x19(a note in the text)<\n\x19end\n") == ["HEADLINE", "(a note in the text)"]


def _sgml(body: str, classification: str) -> bytes:
    head = (f'<!DOCTYPE meterdocument SYSTEM "meter.dtd" [\n]>\n\n<meterdocument \tfilename="/x/kettle1_sun.sgml" '
            f'newspaper="sun" domain="showbiz" classification="{classification}" pagenumber="3" date="01.01.00" '
            f'catchline="kettle">\n\n<body>\n')
    return (head + body + "\n</body>\n</meterdocument>\n").encode("cp1252")


def test_annotated_story_is_the_concatenation_of_its_spans_with_a_label_per_character() -> None:
    body = ('<Verbatim PAsource="" >KETTLES won </Verbatim>\n'
            '<Rewrite PAsource="" >a \u00a35 prize</Rewrite>\n'
            '<New PAsource="" >.\r\n\r\n</New>\n'
            '<Verbatim PAsource="" >caf\u00e9</Verbatim><New PAsource="" >s</New>\n')
    attributes, text, labels = meter.read_story(_sgml(body, "partially-derived"))
    assert attributes["classification"] == "partially-derived"
    assert attributes["newspaper"] == "sun"
    assert text == "KETTLES won a \u00a35 prize.\r\n\r\ncaf\u00e9s"
    assert labels is not None and len(labels) == len(text)
    assert "".join(label[0] for label in labels) == "V" * 12 + "R" * 10 + "N" * 5 + "VVVVN"
    story = meter.Story(id="kettle1_sun", date="01.01.00", catchline="kettle", newspaper="sun",
                        classification="partially-derived", text=text, labels=labels, pa=())
    # A word that straddles two spans takes the label of its first character.
    assert story.word_labels == ("Verbatim", "Verbatim", "Rewrite", "Rewrite", "Rewrite", "Verbatim")


def test_unannotated_story_is_the_body_without_tags() -> None:
    attributes, text, labels = meter.read_story(
        _sgml("<unclassified>\nKettles won.\r\n\r\nThe end.\n</unclassified>", "non-derived"))
    assert attributes["classification"] == "non-derived"
    assert text == "\n\nKettles won.\r\n\r\nThe end.\n\n"
    assert labels is None


@pytest.mark.skipif(not (CORPORA / meter.CORPUS).is_dir(), reason="the METER corpus is not beside the checkout")
def test_the_corpus_loads_as_described() -> None:
    stories = meter.load_stories(CORPORA)
    assert len(stories) == 175
    assert sum(s.classification == "wholly-derived" for s in stories) == 39
    assert sum(s.classification == "partially-derived" for s in stories) == 96
    assert sum(s.classification == "non-derived" for s in stories) == 40
    assert sum(s.labels is not None for s in stories) == 90
    assert all(s.pa and all(text.strip() for _name, text in s.pa) for s in stories)
    # Nothing of the wire's furniture is left in the cleaned agency text.
    assert not any("\x19" in text or "``" in text or "#" in text or "<" in text
                   for s in stories for _name, text in s.pa)


TRICKY = "\n\n".join([
    "# NOT A HEADING _ and *not* emphasis, __nor__ `code`",
    "9. Not a list item.",
    "- nor a bullet; + nor this",
    "> nor a quote <b>nor HTML</b> &amp; nor an entity",
    "[not](a link) <http://not.an/autolink> ! \\ backslash | pipe ~ tilde",
    "Plain words, \"quoted\", 'single', \u00a35 and caf\u00e9 at http://example.com/x?y=1",
    "===",
])


def test_an_original_reads_back_as_exactly_the_cleaned_text(tmp_path: Path) -> None:
    from reusecheck.documents import load_document

    path = tmp_path / "original.md"
    url = "https://qazmonitor.com/pa/01.01.00/kettle/kettle1.txt"
    path.write_text(meter.original_markdown(url, TRICKY), encoding="utf-8")
    document = load_document(path)
    assert document.text == TRICKY
    assert document.url == url
