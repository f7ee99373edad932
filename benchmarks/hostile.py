"""Hostile and careless input through the real command: one row per case, with its exit code, the first
line of what it said, and the time it took.

Each case runs `python -m reusecheck` as a subprocess in a scratch folder, with a time limit, so a hang
shows as a row rather than a stuck run. Nothing here is a pass/fail test (the test suite holds those):
the table shows what a user sees.

Run from the repository root:  python benchmarks/hostile.py [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import os
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from common import table

URL = "https://qazmonitor.com/news/2026/11/tram-budget"
PARAGRAPHS = [
    "The city council approved a budget of forty billion tenge for the tram network on Monday evening.",
    "Work on the northern line will start in April and should be finished before the first snow falls.",
    "The mayor said that fares would stay at the current price for at least two more years.",
    "Opposition deputies asked why the southern districts had again been left out of the plan.",
    "Engineers from the transport department will publish a timetable for the works next month.",
    "Residents of the old town worry that the construction will close their streets for a whole summer.",
    "The council expects the first new trams to carry passengers by the end of next year.",
    "A public hearing on the route of the line will be held in the central library in two weeks.",
]
ORIGINAL = (f'<html><head><link rel="canonical" href="{URL}"><title>Tram budget</title></head><body><article>'
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "<p>Only 30% of an article may be used with a mandatory hyperlink to the original source.</p>"
            + "</article></body></html>")
COPY = "\n\n".join(PARAGRAPHS)
PACK = """\
id: partner
name: Partner Daily
terms: {url: "https://partner.example/terms", clause: "Up to a third, with a link."}
applies_to: {domains: [partner.example]}
rules:
  - id: cap
    kind: max-share
    clause: Up to a third.
    options:
      max_share_of_original: 0.33
"""


@dataclass
class Case:
    name: str
    args: list[str]
    setup: Callable[[Path], None] = lambda _folder: None
    after: Callable[[Path], str] = lambda _folder: ""
    show: str = ""
    """Show the first line of output holding this text, rather than the first line."""


def write(name: str, data: str | bytes) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return setup


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        for step in steps:
            step(folder)
    return setup


def pack_with(option: str) -> Callable[[Path], None]:
    return write("bad.yaml", PACK.replace("max_share_of_original: 0.33", option))


def front(text: str) -> Callable[[Path], None]:
    return write("draft.md", f"---\n{text}\n---\n{PARAGRAPHS[0]} Our own words follow in this draft.\n")


def mode_of(name: str) -> Callable[[Path], str]:
    return lambda folder: f"mode after: {stat.S_IMODE((folder / name).stat().st_mode):o}"


def kind_of(name: str) -> Callable[[Path], str]:
    def after(folder: Path) -> str:
        path = Path(name) if name.startswith("/") else folder / name
        mode = path.lstat().st_mode
        return "still a character device" if stat.S_ISCHR(mode) else "still a FIFO" if stat.S_ISFIFO(mode) else (
            "regular file now")
    return after


def chmod(name: str, mode: int) -> Callable[[Path], None]:
    return lambda folder: os.chmod(folder / name, mode)


def _mkfifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe")


def _loop(folder: Path) -> None:
    (folder / "loop").symlink_to(folder / "loop")


def _hardlink(folder: Path) -> None:
    os.link(folder / "draft.txt", folder / "alias.txt")


CHECK = ["check", "draft.txt", "--original", "original.html"]
CASES = [
    # Output never destroys anything.
    Case("--output /dev/null", [*CHECK, "-o", "/dev/null"], after=kind_of("/dev/null")),
    Case("--output onto a FIFO", [*CHECK, "-o", "pipe"], _mkfifo, kind_of("pipe")),
    Case("--output onto a directory", [*CHECK, "-o", "."]),
    Case("--output onto the rule pack", [*CHECK, "--rules", "partner.yaml", "-o", "partner.yaml"],
         write("partner.yaml", PACK)),
    Case("--output onto the ledger", [*CHECK, "--permissions", "ledger.yaml", "-o", "ledger.yaml"],
         write("ledger.yaml", "permissions: []\n")),
    Case("--output onto a hard link to an input", [*CHECK, "-o", "alias.txt"], _hardlink),
    Case("--output name too long", [*CHECK, "-o", "r" * 300 + ".json"]),
    Case("--output through a symlink loop", [*CHECK, "-o", "loop/report.txt"], _loop),
    Case("--output under a regular file", [*CHECK, "-o", "draft.txt/report.txt"]),
    Case("--output replaces a 0640 report", [*CHECK, "-o", "old.txt"],
         both(write("old.txt", "old report"), chmod("old.txt", 0o640)), mode_of("old.txt")),
    # YAML parsed safely and completely.
    Case("pack: !!bool maybe", ["rules", "validate", "bad.yaml"], pack_with("max_share_of_original: !!bool maybe")),
    Case("pack: !!python/name:", ["rules", "validate", "bad.yaml"],
         pack_with("max_share_of_original: !!python/name:os.system")),
    Case("pack: unknown !tag", ["rules", "validate", "bad.yaml"], pack_with("max_share_of_original: !cap 0.3")),
    Case("pack: bad !!binary", ["rules", "validate", "bad.yaml"], pack_with("max_share_of_original: !!binary ~~")),
    Case("pack: merge key", ["rules", "validate", "bad.yaml"],
         write("bad.yaml", "base: &b {a: 1}\n" + PACK.replace("rules:", "<<: *b\nrules:"))),
    Case("pack: nested 10,000 deep", ["rules", "validate", "bad.yaml"], write("bad.yaml", "[" * 10_000)),
    Case("pack: lone surrogate", ["rules", "validate", "bad.yaml"],
         write("bad.yaml", PACK.replace("Partner Daily", '"Partner \\ud800 Daily"'))),
    Case("pack: cap .nan (validate)", ["rules", "validate", "bad.yaml"], pack_with("max_share_of_original: .nan")),
    Case("pack: cap .inf (check)", ["check", "draft.txt", "--original", "original.html", "--rules", "bad.yaml"],
         pack_with("max_share_of_original: .inf")),
    Case("pack: three errors at once", ["rules", "validate", "bad.yaml"],
         write("bad.yaml", PACK.replace("name: Partner Daily", "name: 7").replace("kind: max-share", "kind: x")
               .replace("applies_to:", "colour: red\napplies_to:"))),
    Case("front matter: source: 12", ["check", "draft.md", "--original", "original.html"], front("source: 12")),
    Case("front matter: publisher: [a]", ["check", "draft.md", "--original", "original.html"],
         front("publisher: [a]")),
    Case("front matter: error deep inside", ["check", "draft.md", "--original", "original.html"],
         front("title: A\npermission:\n  reference: QM-1\n  granted: 2026-02-30")),
    Case("front matter: fence not closed", ["check", "draft.md", "--original", "original.html"],
         write("draft.md", f"---\npermission:\n  reference: QM-1\n  granted: 2026-01-01\n\n{COPY}\n")),
    # Hostile HTML and encodings stay bounded.
    Case("HTML nested 450,000 deep", ["compare", "deep.html", "--original", "original.html"],
         write("deep.html", "<div>" * 450_000 + "text")),
    Case("Markdown with a deep HTML block", ["compare", "deep.md", "--original", "original.html"],
         write("deep.md", "Intro line.\n\n" + "<div>" * 100_000 + "x\n")),
    Case("5 MiB on one line", ["compare", "big.txt", "--original", "original.html"],
         write("big.txt", "word " * (5 * 1024 * 1024 // 5 - 1))),
    Case("5 MiB of <a> tags", ["compare", "links.html", "--original", "original.html"],
         write("links.html", '<a href="https://x.example/">a</a>' * (5 * 1024 * 1024 // 34))),
    Case("<meta charset=undefined>, cp1251 page", ["compare", "page.html", "--original", "original.html"],
         write("page.html", b"<meta charset=undefined><p>" + "Городской совет утвердил бюджет трамвая на сорок "
               "миллиардов тенге.".encode("cp1251") + b"</p>"), show="WARNING"),
    Case("--encoding undefined", [*CHECK, "--encoding", "undefined"]),
    Case("--encoding ''", [*CHECK, "--encoding", ""]),
    Case("utf-16 meta on a cp1251 page", ["compare", "ru.html", "--original", "original.html"],
         write("ru.html", b'<meta charset="utf-16"><p>' + "Городской совет утвердил бюджет трамвая на "
               "сорок миллиардов тенге в понедельник вечером.".encode("cp1251") + b"</p>"), show="WARNING"),
    Case("UTF-16 LE without a BOM", ["compare", "le.txt", "--original", "original.html"],
         write("le.txt", COPY.encode("utf-16-le"))),
    Case("--encoding kz1048, UTF-8 copy", ["check", "copy.txt", "--original", "original.html", "--encoding",
                                           "kz1048"], write("copy.txt", COPY + "\n\nҚала әкімдігі хабарлады.\n"),
         show="WARNING"),
    Case("NUL byte after 8 KiB", ["compare", "nul.txt", "--original", "original.html"],
         write("nul.txt", ("plain words " * 1000).encode() + b"\x00 tail")),
    # Permissions go only to their grantee.
    Case("grant to another outlet, no publisher",
         ["check", "full.md", "--original", "original.html", "--permissions", "ledger.yaml", "--date", "2026-11-28"],
         both(write("full.md", f"[Source]({URL})\n\n{COPY}\n"),
              write("ledger.yaml", "permissions:\n  - publisher: qazmonitor\n    reference: QM-7\n"
                                   "    granted: 2026-01-01\n    grantee: Prairie Wire\n")),
         show="Written permission"),
    Case("permission granted after --date",
         ["check", "full.md", "--original", "original.html", "--permissions", "ledger.yaml", "--date", "2026-11-28"],
         both(write("full.md", f"[Source]({URL})\n\n{COPY}\n"),
              write("ledger.yaml", "permissions:\n  - publisher: qazmonitor\n    reference: QM-9\n"
                                   "    granted: 2027-01-01\n")),
         show="Permission QM-9"),
    # One bad file does not hide the others; CLI conventions.
    Case("batch with a binary candidate", ["check", "draft.txt", "bin.txt", "copy.txt", "--original", "original.html",
                                           "-q"], both(write("bin.txt", b"\x00\x01" * 64), write("copy.txt", COPY)),
         show="ERROR"),
    Case("-o is --output", ["check", "draft.txt", "-o", "original.html"]),
    Case("--rules twice", [*CHECK, "--rules", "qazmonitor", "--rules", "steppe-courier"]),
    Case("--rules not covering the original", [*CHECK, "--rules", "steppe-courier"], show="WARNING"),
    Case("compare, three candidates", ["compare", "draft.txt", "copy.txt", "missing.txt", "--original",
                                       "original.html", "-q"], write("copy.txt", COPY), show="copy.txt:"),
    Case("--quiet", ["check", "copy.txt", "--original", "original.html", "-q"], write("copy.txt", COPY)),
    Case("--min-words 1000", [*CHECK, "--min-words", "1000"]),
    Case("escape codes in a file name", ["check", "e\x1b[2Jvil.txt", "--original", "original.html", "-q"],
         write("e\x1b[2Jvil.txt", COPY)),
]


def run_case(case: Case, timeout: float) -> tuple[str, str, str, str]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "original.html").write_text(ORIGINAL, encoding="utf-8")
        (folder / "draft.txt").write_text(PARAGRAPHS[1] + " Then our own reporting follows here.\n",
                                          encoding="utf-8")
        case.setup(folder)
        start = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-m", "reusecheck", *case.args], cwd=folder, capture_output=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            return case.name, "-", f"no answer within {timeout:.0f} s", f"{time.perf_counter() - start:.1f}"
        seconds = time.perf_counter() - start
        err = proc.stderr.decode("utf-8", "replace")
        out = proc.stdout.decode("utf-8", "replace")
        said = err if "Traceback" in err or not case.show else err + out
        said = said if said.strip() else out
        lines = said.strip().splitlines() or [""]
        # A usage error from the option parser ends with its message, after the usage lines.
        wanted = case.show or ("Error" if lines[0].startswith("Usage:") else "")
        at = next((i for i, line in enumerate(lines) if wanted in line), 0) if wanted else 0
        if lines[at].lstrip().startswith("╭─") and at + 1 < len(lines):
            at += 1  # the option parser's framed error: its message is on the next line
        first = lines[at].strip(" │╭╰─")
        if "Traceback" in err:
            first = "TRACEBACK: " + err.strip().splitlines()[-1]
        note = case.after(folder)
        message = first.replace(str(folder) + os.sep, "").replace("|", "\\|")
        if len(message) > 150:
            message = message[:147] + "..."
        return case.name, str(proc.returncode), message + (f" ({note})" if note else ""), f"{seconds:.1f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a case counts as a hang")
    args = parser.parse_args(argv)
    rows = [run_case(case, args.timeout) for case in CASES]
    print(table(["case", "exit", "first line of output", "seconds"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
