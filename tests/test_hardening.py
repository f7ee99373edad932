"""Inputs that once misled or hung the tool: each now gives the right answer or a clean error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reusecheck.cli import app
from reusecheck.documents import load_document, parse_document
from reusecheck.documents.model import from_text
from reusecheck.documents.reading import decode
from reusecheck.errors import InputError, PermissionFileError, RuleFileError
from reusecheck.matching import MatchOptions, compare
from reusecheck.permissions import load_ledger
from reusecheck.ruleset import load_pack

URL = "https://qazmonitor.com/news/ferry"
STORY = ("A new ferry will link Aktau with Baku from the first of March, the port authority announced on Monday. "
         "Tickets go on sale next week and a crossing will take about eighteen hours in calm weather.")


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_fifo_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        load_document(fifo)


def test_absurd_size_limit_is_no_crash(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    code, _out, err = run("compare", path, "--original", path, "--max-bytes", "99999999999999999999999")
    assert code == 0, err


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    bomb += "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(RuleFileError, match="aliases"):
        load_pack(path)
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text("permissions: &p [{reference: a, granted: 2026-01-01}]\nagain: *p\n", encoding="utf-8")
    with pytest.raises(PermissionFileError, match="aliases"):
        load_ledger(ledger)


def test_deep_html_is_an_input_error() -> None:
    page = "<div>" * 3000 + "Deep text here." + "</div>" * 3000
    with pytest.raises(InputError, match="nested too deeply"):
        parse_document(page, "deep.html", "html")


def test_long_invalid_value_is_cut_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text("id: x\nname: y\nterms: " + "word " * 5000 + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_pack(path)
    assert len(str(caught.value)) < 300


def test_attribution_link_in_a_chrome_block_counts() -> None:
    page = (f"<article><p>{STORY}</p><p class='copyright'>First published by "
            f"<a href='{URL}'>Qaz Monitor</a> and republished with permission.</p></article>")
    doc = parse_document(page, "c.html", "html")
    assert [link.href for link in doc.links] == [URL]
    assert "published" not in doc.tokens.words  # the box is not article text


def test_a_story_about_republishing_keeps_its_paragraphs() -> None:
    law = ("Under the new law, websites that republish material from foreign media must obtain written "
           "permission and link to the original source, the ministry said.")
    text = "\n\n".join([STORY, STORY.replace("ferry", "train"), law, STORY.replace("ferry", "bus"),
                       STORY.replace("ferry", "plane"), STORY.replace("ferry", "tram")])
    doc = from_text(text)
    plain = parse_document(text, "story.txt", "text")
    assert plain.words == doc.words  # the law paragraph sits mid-story: not a notice


def test_utf8_with_one_bad_byte_stays_utf8() -> None:
    text, encoding = decode("Рыболовство на озере Балхаш запретят.".encode() + b"\xff", "x.txt")
    assert encoding == "utf-8" and text.startswith("Рыболовство")


def test_kazakh_kz1048_is_recognised() -> None:
    kazakh = "Қазақстан астығының экспорты өсті, деп хабарлады үкімет."
    text, encoding = decode(kazakh.encode("kz1048"), "x.txt")
    assert (text, encoding) == (kazakh, "kz1048")


def test_inch_marks_are_not_quotations() -> None:
    original = from_text("The plant makes 12\" pipes and 6\" valves for the new water network in Atyrau city.")
    overlap = compare(original, original, MatchOptions(count_quotes=False))
    assert overlap.share_of_original == 1.0


def test_a_word_across_a_paragraph_break_stays_with_its_paragraph() -> None:
    original = from_text("The dam on the Syr Darya was finished in May after two years of work on the Syr Darya.\n\n"
                         "The line of new pumps will water forty thousand hectares of rice fields.")
    candidate = from_text("Engineers said the dam on the Syr Darya was finished in May after two years of work "
                          "on the Syr Darya.\n\nThe first harvest is expected next autumn, farmers hope.")
    overlap = compare(candidate, original)
    (passage,) = overlap.passages
    assert candidate.text[passage.candidate_start:passage.candidate_end].endswith("Syr Darya")


def test_control_characters_do_not_reach_the_terminal(tmp_path: Path) -> None:
    original = tmp_path / "o.txt"
    original.write_text(STORY, encoding="utf-8")
    candidate = tmp_path / "c.txt"
    candidate.write_text("\x1b[2J\x1b]0;title\x07 " + STORY, encoding="utf-8")
    code, out, _err = run("compare", candidate, "--original", original)
    assert code == 0 and "\x1b" not in out and "\x07" not in out


def test_tokens_record_paragraph_breaks() -> None:
    from reusecheck.matching.tokens import tokenize

    text = "Rain fell.\n\nRivers rose\n \nat dawn."
    assert tokenize(text).breaks == {2, 4}
    # A gap between counted spans is a break too.
    assert tokenize("one two three four", ((0, 7), (8, 18))).breaks == {2}


def test_inline_link_after_plain_brackets_is_inline() -> None:
    doc = parse_document("See [a bracket] and [here](https://x.org/a) and [ref][r].\n\n[r]: https://z.org\n",
                         "c.md", "markdown")
    assert [(link.text, link.syntax) for link in doc.links] == [("here", "markdown"), ("ref", "markdown-reference")]
