"""The HTML report: escaping, well-formed highlights, working links, and the page as Chromium renders it.

The Chromium tests start Debian's headless Chromium: `--dump-dom` and `--screenshot` from the command
line, and, for layout checks, the DevTools protocol over `--remote-debugging-pipe`, spoken with the
standard library. Set REUSECHECK_SAVE_SCREENSHOTS=1 to write the screenshots to docs/images/.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import time
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from reusecheck import api
from reusecheck.documents.model import Document
from reusecheck.formats import html_report
from reusecheck.formats.located import located
from reusecheck.matching import Passage
from reusecheck.report import Report

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
ORIGINAL = EXAMPLES / "originals" / "rail-link.html"
PERMISSIONS = EXAMPLES / "permissions.yaml"
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (`chromium`) is not installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
TIMEOUT = 90
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HOSTILE_NAME = 'c<b>&"q\'\u202e.txt'
LONG_WORD = "https://example.org/" + "x" * 400
HOSTILE_TEXT = ("The council said <script>alert(1)</script> & \"quoted\" 'words' would \u202eesrever\u202c stay in "
                "the budget for the coming year, with every district paid on time.\n\n" + LONG_WORD + "\n")


def examples_report() -> Report:
    names = ("over-cap.md", "missing-link.md", "compliant.md")
    return api.check([str(EXAMPLES / "candidates" / n) for n in names], [str(ORIGINAL)], permissions=str(PERMISSIONS))


def hostile_report(tmp_path: Path) -> Report:
    candidate = tmp_path / HOSTILE_NAME
    candidate.write_text("Our own opening words about the town.\n\n" + HOSTILE_TEXT, encoding="utf-8")
    original = tmp_path / "orig<&>.txt"
    original.write_text(HOSTILE_TEXT + "\nA closing paragraph of the original only.\n", encoding="utf-8")
    return api.check([str(candidate)], [str(original)], rules="steppe-courier")


def with_passages(report: Report, passages: list[Passage]) -> Report:
    """The report with the first pair's passages replaced."""
    result = report.candidates[0]
    checked = result.originals[0]
    overlap = replace(checked.measured.overlap, passages=tuple(passages))
    checked = replace(checked, measured=replace(checked.measured, overlap=overlap))
    return replace(report, candidates=(replace(result, originals=(checked,)),))


# -- parsing helpers ---------------------------------------------------------------------------------


class Tree(HTMLParser):
    """Checks that every element is closed in order, and collects ids, tags and the text in each mark."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: dict[tuple[str, str], list[str]] = {}
        """(column, passage number) -> the text inside that passage's marks, in order."""
        self.text: list[str] = []
        self.outside: list[str] = []
        """Text shown as lying outside the article."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1][0] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if any(tag == "span" and "out" in (attrs.get("class") or "").split() for tag, attrs in self.stack):
            self.outside.append(data)
        column = next((c for tag, attrs in self.stack for c in ("original", "candidate")
                       if tag == "div" and c in (attrs.get("class") or "").split()), "")
        for tag, attrs in self.stack:
            if tag == "mark" and attrs.get("data-p"):
                self.marks.setdefault((column, str(attrs["data-p"])), []).append(data)

    def mark_text(self, column: str, number: int) -> str:
        return "".join(self.marks.get((column, str(number)), []))


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert not tree.errors, tree.errors[:5]
    assert not tree.stack, [tag for tag, _ in tree.stack]
    return tree


# -- Chromium ----------------------------------------------------------------------------------------


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One run of headless Chromium with its own profile, killed after TIMEOUT seconds."""
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=TIMEOUT, check=False)


# Chromium reads the protocol from fd 3 and writes to fd 4: this puts the pipe's ends there, then runs it.
TRAMPOLINE = """
import fcntl, os, sys
ends = [fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3]]
os.dup2(ends[0], 3)
os.dup2(ends[1], 4)
os.execv(sys.argv[3], sys.argv[3:])
"""


class DevTools:
    """A headless Chromium driven over the DevTools protocol on a pipe (file descriptors 3 and 4)."""

    def __init__(self, tmp_path: Path) -> None:
        assert CHROMIUM is not None
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", TRAMPOLINE, str(to_browser_r), str(from_browser_w), CHROMIUM, *FLAGS,
             "--remote-debugging-pipe", f"--user-data-dir={tmp_path / 'profile-devtools'}", "about:blank"],
            pass_fds=(to_browser_r, from_browser_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        self.deadline = time.monotonic() + TIMEOUT
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def close(self) -> None:
        with contextlib.suppress(OSError, AssertionError, TimeoutError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        os.close(self.to_browser)
        os.close(self.from_browser)

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                assert "error" not in reply, (method, reply["error"])
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str) -> None:
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read())
        self.events.clear()

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_browser], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer over the DevTools pipe")
            chunk = os.read(self.from_browser, 1 << 16)
            assert chunk, "Chromium closed the DevTools pipe"
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def open(self, url: str, width: int, height: int, mobile: bool) -> None:
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")


@pytest.fixture
def devtools(tmp_path: Path) -> Any:
    if CHROMIUM is None:
        pytest.skip("headless Chromium (`chromium`) is not installed")
    if os.name != "posix":
        pytest.skip("the DevTools pipe is passed as file descriptors 3 and 4, which needs a POSIX system")
    browser = DevTools(tmp_path)
    try:
        yield browser
    finally:
        browser.close()


# -- the page as written -----------------------------------------------------------------------------


def test_hostile_names_and_texts_are_escaped(tmp_path: Path) -> None:
    report = hostile_report(tmp_path)
    assert report.candidates[0].originals[0].measured.overlap.passages, "the test needs a reused passage"
    page = html_report.render(report, tmp_path)
    tree = parse(page)
    assert "script" not in {tag for tag, _ in tree.tags}
    assert "<script" not in page.lower()
    assert "\u202e" not in page and "\u202c" not in page
    assert "U+202E" in page
    # Shown as text: the parsed page reads back the literal characters.
    shown = "".join(tree.text)
    assert "<script>alert(1)</script>" in shown
    assert "c<b>&\"q'" in shown
    assert "orig<&>.txt" in shown
    assert str(tmp_path) not in page


def test_control_characters_become_visible() -> None:
    shown = 'a\u2400b\u241bc<span class="ctl" title="bidi control">U+2066</span>d'
    assert html_report.esc("a\x00b\x1bc\u2066d") == shown
    assert html_report.esc("x\ud800") == "x\ufffd"
    assert html_report.esc('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"


def test_non_web_urls_are_not_links(tmp_path: Path) -> None:
    report = hostile_report(tmp_path)
    result = report.candidates[0]
    checked = result.originals[0]
    checked = replace(checked, measured=replace(checked.measured, url="javascript:alert(1)"))
    report = replace(report, candidates=(replace(result, originals=(checked,)),))
    page = html_report.render(report)
    dom = LexborHTMLParser(page)
    assert not [a for a in dom.css("a[href]") if "javascript" in (a.attributes.get("href") or "").lower()]
    assert "javascript:alert(1)" in dom.text()


def test_overlapping_passages_nest_and_keep_their_text(tmp_path: Path) -> None:
    report = hostile_report(tmp_path)
    candidate = report.candidates[0].comparison.candidate
    original = report.candidates[0].originals[0].measured.original
    c_at = candidate.text.index("The council")
    o_end = original.text.index("A closing")
    # Three candidate passages mapped into one stretch of the original: one nested in another, one crossing
    # it, and one that starts where another does.
    passages = [
        Passage(0, 60, c_at, c_at + 60, 10, 10, 1.0, "verbatim"),
        Passage(10, 30, c_at + 70, c_at + 90, 4, 4, 0.8, "edited"),
        Passage(50, o_end, c_at + 100, c_at + 130, 20, 5, 0.5, "rewritten"),
        Passage(0, 20, c_at + 140, c_at + 160, 3, 3, 1.0, "verbatim"),
    ]
    page = html_report.render(with_passages(report, passages))
    tree = parse(page)
    assert len(tree.ids) == len(set(tree.ids))
    ordered = sorted(passages, key=lambda p: p.candidate_start)
    for n, p in enumerate(ordered, 1):
        assert tree.mark_text("original", n) == visible(original.text[p.original_start:p.original_end])
        assert tree.mark_text("candidate", n) == visible(candidate.text[p.candidate_start:p.candidate_end])
    # Where passages overlap, the piece is inside one mark per passage.
    dom = LexborHTMLParser(page)
    assert dom.css_first(".col.original mark mark") is not None


def visible(text: str) -> str:
    """The text as the page shows it: bidi controls written out."""
    return re.sub("[\u202a-\u202e\u2066-\u2069]", lambda m: f"U+{ord(m.group()):04X}", text)


def _strip(markup: str) -> str:
    import html

    without_labels = re.sub(r'<a class="pn"[^>]*>\d+</a>', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", without_labels))


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab <&\"'\n\u00e9\u4e2d")), max_size=60),
       raw_spans=st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70),
                                    st.sampled_from(["verbatim", "edited", "rewritten", "odd kind"])), max_size=6),
       counted_end=st.integers(0, 70))
def test_highlight_is_well_formed_for_any_spans(text: str, raw_spans: list[tuple[int, int, str]],
                                                counted_end: int) -> None:
    counted = min(counted_end, len(text))
    doc = Document(source="t", format="text", text=text, counted=((0, counted),))
    spans = [(min(a, b), max(a, b), n, kind) for n, (a, b, kind) in enumerate(raw_spans, 1)]
    markup = html_report.highlight(doc, spans, "x-p", "c", "o")
    tree = parse(f"<div>{markup}</div>")
    assert _strip(markup) == text
    assert "".join(tree.outside) == (text[counted:] if counted else "")
    assert sorted(tree.ids) == sorted(f"x-p{n}-c" for _, _, n, _ in spans)
    for start, end, n, _ in spans:
        s, e = min(start, len(text)), min(end, len(text))
        assert tree.mark_text("", n) == text[s:e]


def test_links_between_passages_resolve() -> None:
    page = html_report.render(examples_report(), REPO)
    tree = parse(page)
    ids = set(tree.ids)
    assert len(ids) == len(tree.ids), "ids are unique"
    hrefs = [str(attrs.get("href", "")) for tag, attrs in tree.tags if tag == "a"]
    local = [href for href in hrefs if href.startswith("#")]
    assert local and all(href[1:] in ids for href in local)
    marks = [i for i in ids if re.fullmatch(r"c\d+-o\d+-p\d+-[co]", i)]
    assert marks
    for ident in marks:
        other = ident[:-1] + ("o" if ident.endswith("c") else "c")
        assert other in ids and f"#{ident}" in local and f"#{other}" in local


def test_no_external_resources(tmp_path: Path) -> None:
    report = examples_report()
    page = html_report.render(report, REPO)
    tree = parse(page)
    allowed = {c.pack.terms_url for r in report.candidates for c in r.originals} | {
        c.measured.url for r in report.candidates for c in r.originals}
    for tag, attrs in tree.tags:
        assert tag not in {"script", "link", "img", "iframe", "object", "embed", "video", "audio", "source"}
        assert "src" not in attrs and "srcset" not in attrs and "style" not in attrs
        href = attrs.get("href")
        if tag == "a" and href and not href.startswith("#"):
            assert href in allowed, href
    style = page[page.index("<style>"):page.index("</style>")]
    assert "url(" not in style and "@import" not in style


def test_verdict_counts_and_findings(tmp_path: Path) -> None:
    report = examples_report()
    page = html_report.render(report, REPO)
    dom = LexborHTMLParser(page)
    verdict = dom.css_first("#verdict")
    assert verdict is not None and verdict.text() == report.verdict
    counts = {node.text(deep=True).split()[1]: int(node.text(deep=True).split()[0]) for node in dom.css(".counts li")}
    summary = report.to_dict()["summary"]
    assert counts == {k: summary[k] for k in ("candidates", "violations", "errors", "warnings")}
    rows = located(report)
    items = dom.css("ol.findings > li")
    assert len(items) == len(rows) > 0
    for row, item in zip(rows, items, strict=True):
        text = item.text()
        assert row.rule_id in text and row.message in text and (row.fix or "") in text and row.clause in text
        link = item.css_first("a[href^='#']")
        assert link is not None
        assert link.text() == f"examples/candidates/{Path(row.path).name}:{row.region.start_line}"
        target = dom.css_first(str(link.attributes["href"]))
        assert target is not None and target.tag == "section" and "pair" in (target.attributes.get("class") or "")
    # Failing candidates open; the compliant one folded.
    for result, details in zip(report.candidates, dom.css("details.candidate"), strict=True):
        assert ("open" in details.attributes) == (result.verdict != "compliant")


def test_unreadable_input_is_shown(tmp_path: Path) -> None:
    missing = tmp_path / "gone.md"
    report = api.check([str(missing)], [str(ORIGINAL)])
    assert report.verdict == "error"
    page = html_report.render(report, tmp_path)
    parse(page)
    dom = LexborHTMLParser(page)
    finding = dom.css_first("ol.findings > li")
    assert finding is not None and "gone.md" in finding.text() and "input-error" in finding.text()
    assert dom.css_first("#verdict").text() == "error"  # type: ignore[union-attr]


# -- the page in Chromium ----------------------------------------------------------------------------


def _write(tmp_path: Path, report: Report, name: str) -> Path:
    page = tmp_path / name
    page.write_text(html_report.render(report, REPO), encoding="utf-8")
    return page


@needs_chromium
def test_chromium_dom_shows_the_passages_and_findings(tmp_path: Path) -> None:
    report = examples_report()
    page = _write(tmp_path, report, "report.html")
    run = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    dom = LexborHTMLParser(run.stdout)
    assert len(dom.css("ol.findings > li")) == len(located(report)) > 0
    for row in located(report):
        assert row.rule_id in dom.css_first("#findings").text()  # type: ignore[union-attr]
    checked_marks = 0
    for c_no, result in enumerate(report.candidates, 1):
        candidate = result.comparison.candidate
        for o_no, checked in enumerate(result.listed(), 1):
            original = checked.measured.original
            section = dom.css_first(f"#c{c_no}-o{o_no}")
            assert section is not None
            for n, p in enumerate(html_report.ordered(checked), 1):
                for column, doc, start, end in (("candidate", candidate, p.candidate_start, p.candidate_end),
                                                ("original", original, p.original_start, p.original_end)):
                    marks = section.css(f".col.{column} mark[data-p='{n}']")
                    assert "".join(m.text(deep=True) for m in marks) == doc.text[start:end]
                    checked_marks += 1
    assert checked_marks >= 20


LAYOUT = """(() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
    bottom: r.bottom, width: r.width, height: r.height}; };
  const pair = document.querySelector('section.pair');
  const mark = pair.querySelector('.col.candidate mark');
  const finding = document.querySelector('ol.findings > li');
  return {inner: window.innerWidth, scroll: document.documentElement.scrollWidth,
          original: box(pair.querySelector('.col.original')), candidate: box(pair.querySelector('.col.candidate')),
          mark: box(mark), markVisible: getComputedStyle(mark).visibility === 'visible', finding: box(finding)};
})()"""

IN_VIEW = """((id) => { const r = document.getElementById(id).getBoundingClientRect();
  return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight; })"""


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (`chromium`) is not installed")
def test_columns_side_by_side_on_a_wide_screen_and_stacked_on_a_phone(devtools: DevTools, tmp_path: Path) -> None:
    page = _write(tmp_path, examples_report(), "report.html")

    devtools.open(page.as_uri(), 1280, 1800, mobile=False)
    wide = devtools.evaluate(LAYOUT)
    assert wide["inner"] == 1280 and wide["scroll"] <= wide["inner"]
    assert wide["candidate"]["left"] >= wide["original"]["right"]
    assert abs(wide["candidate"]["top"] - wide["original"]["top"]) < 2

    devtools.open(page.as_uri(), 390, 844, mobile=True)
    phone = devtools.evaluate(LAYOUT)
    assert phone["inner"] == 390
    assert phone["scroll"] <= phone["inner"], "the page scrolls sideways on a phone"
    assert phone["candidate"]["top"] >= phone["original"]["bottom"]
    assert phone["candidate"]["right"] <= 390 and phone["original"]["right"] <= 390
    assert phone["mark"]["width"] > 0 and phone["mark"]["height"] > 0 and phone["markVisible"]
    assert phone["finding"]["height"] > 0 and phone["finding"]["right"] <= 390

    # Following a passage's link brings its counterpart into view, inside the scrolling text panel.
    target = devtools.evaluate("document.querySelector('.col.candidate a.pn').getAttribute('href')")
    assert target.endswith("-o")
    assert not devtools.evaluate(f"{IN_VIEW}({json.dumps(target[1:])})")
    devtools.evaluate(f"location.hash = {json.dumps(target)}")
    assert devtools.evaluate(f"{IN_VIEW}({json.dumps(target[1:])})")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (`chromium`) is not installed")
def test_long_words_and_hostile_names_wrap_on_a_phone(devtools: DevTools, tmp_path: Path) -> None:
    page = _write(tmp_path, hostile_report(tmp_path), "hostile.html")
    devtools.open(page.as_uri(), 390, 844, mobile=True)
    result = devtools.evaluate("[window.innerWidth, document.documentElement.scrollWidth, document.title,"
                               " document.querySelectorAll('script').length]")
    assert result[0] == 390 and result[1] <= 390
    assert result[3] == 0
    assert LONG_WORD in devtools.evaluate("document.body.innerText")


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@needs_chromium
def test_screenshots(tmp_path: Path) -> None:
    save = os.environ.get("REUSECHECK_SAVE_SCREENSHOTS") == "1"
    out = REPO / "docs" / "images" if save else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    page = _write(tmp_path, examples_report(), "report.html")
    # The wide shot is drawn at 0.7 scale: the whole 1280 x 1800 layout in a PNG of a reasonable size.
    shots = [("html-report.png", ["--window-size=1280,1800", "--force-device-scale-factor=0.7"], (896, 1260)),
             ("html-report-phone.png", ["--window-size=390,844"], (390, 844))]
    for name, args, size in shots:
        target = out / name
        target.unlink(missing_ok=True)
        run = chromium(tmp_path, f"--screenshot={target}", *args, page.as_uri())
        assert run.returncode == 0, run.stderr[-2000:]
        assert _png_size(target) == size
        if save:
            assert target.stat().st_size < 300_000, f"{name} is {target.stat().st_size} bytes"
