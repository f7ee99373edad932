"""Random bytes and random nested markup through every reader and every command that reads a file.

Whatever the input, the command ends with exit 0, 1 or 2, prints no traceback, and answers in bounded
time. Each case runs in process under an alarm, so a hang fails the case instead of the suite.
"""

from __future__ import annotations

import signal
import string
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reusecheck.cli import app
from reusecheck.documents import Document
from reusecheck.errors import ReusecheckError

CASE_SECONDS = 30
ORIGINAL = ("The council approved a new budget for the city's tram network on Monday evening. Work on the "
            "northern line will start in April and should finish before the winter. The mayor said fares would "
            "stay the same for at least two years.\n\n") * 3

WORDS = st.sampled_from(["tram", "council", "budget", "line", "the", "winter", "мэр", "қала", "fares", "&amp;",
                         "&#0;", "&#x110000;", "\u202e", "\x1b[31m", "\ud7ff", "30%", "https://qazmonitor.com/x"])
TAGS = st.sampled_from(["div", "p", "a", "b", "i", "table", "tr", "td", "li", "ul", "article", "main", "script",
                        "style", "noscript", "template", "svg", "math", "h1", "blockquote", "pre", "span"])


@st.composite
def nested_html(draw: st.DrawFn) -> str:
    """Markup nested to random depth, closed or not, with attributes that point anywhere."""
    depth = draw(st.sampled_from([1, 5, 50, 600, 3000]))
    tag = draw(TAGS)
    attrs = draw(st.sampled_from(['', ' href="https://qazmonitor.com/a"', ' class="article"', " rel=nofollow",
                                  ' charset="undefined"', ' href="javascript:x"']))
    inner = " ".join(draw(st.lists(WORDS, max_size=12)))
    closed = draw(st.booleans())
    head = draw(st.sampled_from(["", "<!doctype html>", '<meta charset="utf-16">', "<meta charset=koi8-r>",
                                 '<link rel="canonical" href="https://qazmonitor.com/news/x">']))
    return head + f"<{tag}{attrs}>" * depth + inner + (f"</{tag}>" * depth if closed else "")


@st.composite
def nested_markdown(draw: st.DrawFn) -> str:
    depth = draw(st.sampled_from([1, 10, 200, 2000]))
    marker = draw(st.sampled_from(["> ", "- ", "1. ", "  ", "*", "[", "<div>", "**", "`"]))
    words = " ".join(draw(st.lists(WORDS, max_size=12)))
    front = draw(st.sampled_from(["", "---\n", "---\nsource: [1, 2]\n---\n", "---\npublisher: {a: 1}\n---\n",
                                  "---\npermission: !!binary zz\n---\n", "---\n" + "[" * 3000 + "\n---\n"]))
    return front + marker * depth + words + "\n\n" + ORIGINAL[:200]


@st.composite
def yaml_text(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from([
        "id: x\n", "name: X\n", "rules:\n", "  - id: a\n", "    kind: max-share\n", "    options:\n",
        "      max_share_of_original: .nan\n", "applies_to: {domains: [x.example]}\n", "<<: *base\n",
        "base: &base {a: 1}\n", "!!python/name:os.system\n", "x: !!bool maybe\n", "y: !foo bar\n",
        'z: "\\ud800"\n', "[" * 500 + "\n", "terms: {url: 1, clause: 2}\n", "\t\x00\n", "permissions:\n",
        "  - reference: 1\n", "    granted: 2026-02-30\n", "    grantee: [a]\n"]), max_size=12))
    return "".join(pieces)


BYTES = st.binary(max_size=4096) | st.builds(lambda b, n: b * n, st.binary(min_size=1, max_size=8),
                                             st.sampled_from([1, 1000, 100_000]))


class Hang(Exception):
    pass


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def fire(_signum: int, _frame: FrameType | None) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def invoke(args: list[str], cwd: Path) -> None:
    import os

    old = Path.cwd()
    os.chdir(cwd)
    try:
        with deadline(CASE_SECONDS):
            result = CliRunner().invoke(app, args)
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.stdout + result.stderr, args


def commands(name: str) -> list[list[str]]:
    """Every command entry point that reads a file of this name."""
    # The CI formats place every passage in the file as written: hostile markup goes through that too.
    return [["check", name, "--original", "original.txt", "--rules", "qazmonitor", "-f", "sarif"],
            ["check", "candidate.txt", "--original", name, "--rules", "qazmonitor", "-f", "html"],
            ["compare", name, "--original", "original.txt"],
            ["compare", "candidate.txt", name, "--original", "original.txt", "-f", "json"]]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz")
    (path / "original.txt").write_text(ORIGINAL, encoding="utf-8")
    (path / "candidate.txt").write_text(ORIGINAL[:300] + " Our own words follow here.", encoding="utf-8")
    return path


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow])


@FUZZ
@given(data=BYTES, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_bytes_through_every_reader(folder: Path, data: bytes, suffix: str) -> None:
    name = "input" + suffix
    (folder / name).write_bytes(data)
    for args in commands(name):
        invoke(args, folder)


@FUZZ
@given(markup=nested_html() | nested_markdown(), fmt=st.sampled_from(["md", "html"]), data=st.data())
def test_every_span_of_random_markup_has_a_region_in_the_file(markup: str, fmt: str, data: st.DataObject) -> None:
    try:
        doc = Document.from_text(markup, fmt)
    except ReusecheckError:
        return
    lines = markup.count("\n") + 1
    for _ in range(5):
        start = data.draw(st.integers(0, len(doc.text)))
        end = data.draw(st.integers(start, len(doc.text)))
        with deadline(CASE_SECONDS):
            region = doc.region(start, end)
        assert 1 <= region.start_line <= region.end_line <= lines
        assert region.start_column >= 1 and region.end_column >= 1


@FUZZ
@given(markup=nested_html() | nested_markdown(), suffix=st.sampled_from([".md", ".html"]),
       encoding=st.sampled_from(["utf-8", "utf-16-le", "cp1251"]))
def test_random_nested_markup_through_every_reader(folder: Path, markup: str, suffix: str, encoding: str) -> None:
    name = "markup" + suffix
    (folder / name).write_bytes(markup.encode(encoding, errors="replace"))
    for args in commands(name):
        invoke(args, folder)


@FUZZ
@given(text=yaml_text() | st.text(alphabet=string.printable, max_size=300))
def test_random_yaml_through_packs_ledgers_and_front_matter(folder: Path, text: str) -> None:
    (folder / "pack.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "ledger.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "front.md").write_text(f"---\n{text}\n---\nThe council approved a budget.\n", encoding="utf-8",
                                     errors="surrogatepass")
    invoke(["rules", "validate", "pack.yaml"], folder)
    invoke(["rules", "show", "pack.yaml"], folder)
    invoke(["check", "candidate.txt", "--original", "original.txt", "--rules", "pack.yaml"], folder)
    invoke(["check", "candidate.txt", "--original", "original.txt", "--rules", "qazmonitor",
            "--permissions", "ledger.yaml"], folder)
    invoke(["check", "front.md", "--original", "original.txt", "--rules", "qazmonitor"], folder)


@pytest.mark.parametrize("args", [
    ["check"], ["compare"], ["rules", "validate"], ["check", "x", "--original"], ["--nope"], ["check", "-o"],
    ["check", "a.md", "--original", "b.md", "--min-words", "abc"], ["compare", "a.md", "--original", "b.md", "-f"],
    ["check", "candidate.txt", "--original", "original.txt", "--encoding", ""],
    ["check", "candidate.txt", "--original", "original.txt", "--encoding", "undefined"],
    ["check", "candidate.txt", "--original", "original.txt", "--date", "2026-13-01"],
])
def test_malformed_command_lines(folder: Path, args: list[str]) -> None:
    invoke(args, folder)
