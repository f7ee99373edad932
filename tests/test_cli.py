"""End-to-end runs of the command line on small fixture trees: exit codes and parsed output."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from reusecheck.cli import app

SCHEMA = json.loads((Path(__file__).parents[1] / "reusecheck" / "schemas" / "report.schema.json").read_text())
URL = "https://qazmonitor.com/news/lake-balkhash-fishing-ban"

# A short story written for these tests; each sentence is distinct so reuse is easy to reason about.
SENTENCES = [
    "Fishing on the eastern half of Lake Balkhash will be banned for three months from next week.",
    "The regional fisheries inspectorate said the pause is meant to protect spawning pike perch.",
    "Inspectors counted fewer young fish last autumn than in any year since records began in 1998.",
    "About four hundred licensed boats work the eastern basin, most of them from small villages.",
    "Their owners will receive a compensation payment of ninety thousand tenge for each month.",
    "Local anglers complained that the notice came too late for them to plan for the summer.",
    "The inspectorate promised patrols with drones to stop poaching during the closed season.",
    "Scientists from Almaty will sample the water at twelve points along the northern shore.",
    "A similar ban on the western half of the lake was lifted two years ago after fish stocks recovered.",
    "The ministry will decide in September whether the closure needs to be extended into autumn.",
]
ORIGINAL_HTML = f"""<!doctype html><html><head><title>Fishing ban on Lake Balkhash</title>
<link rel="canonical" href="{URL}"></head><body>
<nav class="menu"><a href="/">Main Page</a> <a href="/news">News</a></nav>
<div class="share-icons"><a href="https://t.me/x">Telegram icon</a></div>
<article><h1>Fishing ban on Lake Balkhash</h1>
{''.join(f'<p>{s}</p>' for s in SENTENCES)}
<p>Only 30% of an article may be used with a mandatory hyperlink to the original source.</p>
</article><footer>All rights reserved.</footer></body></html>"""


def own(n: int) -> str:
    """n sentences of the candidate's own writing, none shared with the original."""
    pool = [
        "Our correspondent in Balkhash town spoke to several fishermen on Tuesday.",
        "Many of them said they would look for seasonal work on building sites instead.",
        "The town market was quieter than usual and prices for smoked fish had already risen.",
        "One trader expected the shortage to last well into the winter months.",
        "Environmental groups welcomed the decision but asked for longer monitoring.",
        "Tourism operators fear that visitors will cancel their boat trips this summer.",
    ]
    return " ".join(pool[:n])


def write_candidate(folder: Path, name: str, body: str, front: str = "") -> Path:
    path = folder / name
    path.write_text(f"---\n{front}---\n{body}\n" if front else body + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "original.html").write_text(ORIGINAL_HTML, encoding="utf-8")
    link = f"[the original]({URL})"
    write_candidate(tmp_path, "ok.md", f"As reported in {link}: {SENTENCES[0]} {SENTENCES[1]}\n\n{own(6)}")
    write_candidate(tmp_path, "over.md", f"Reported by {link}.\n\n" + " ".join(SENTENCES[:6]) + "\n\n" + own(2))
    write_candidate(tmp_path, "nolink.md", f"{SENTENCES[2]} {SENTENCES[3]}\n\n{own(6)}")
    write_candidate(tmp_path, "full.md", f"{link}\n\n" + "\n\n".join(SENTENCES),
                    front="permission:\n  reference: QM-17\n  granted: 2026-01-10\n  expires: 2026-06-30\n")
    return tmp_path


def run(*args: str | Path, cwd: Path | None = None) -> tuple[int, str, str]:
    old = Path.cwd()
    if cwd:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, [str(a) for a in args])
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def check_json(tree: Path, *candidates: str, extra: tuple[str, ...] = ()) -> tuple[int, dict]:
    code, out, _err = run("check", *(tree / c for c in candidates), "--original", tree / "original.html",
                          "--format", "json", "--date", "2026-11-27", *extra)
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    return code, data


def findings(candidate: dict) -> dict[str, str]:
    return {f["rule"]: f["status"] for o in candidate["originals"] for f in o["findings"]}


def test_compliant_candidate_exits_0(tree: Path) -> None:
    code, data = check_json(tree, "ok.md")
    assert code == 0
    assert data["verdict"] == "compliant"
    assert data["schema_version"] == "1.4"
    assert list(data)[:2] == ["schema_version", "tool"]
    original = data["candidates"][0]["originals"][0]
    assert original["rules"]["id"] == "qazmonitor"  # picked by the canonical URL's domain
    assert 0.15 < original["share_of_original"] < 0.25
    assert findings(data["candidates"][0]) == {
        "share-cap": "pass", "hyperlink": "pass", "full-article-permission": "not-applicable"}


def test_over_cap_names_words_to_cut(tree: Path) -> None:
    code, data = check_json(tree, "over.md")
    assert code == 1
    cand = data["candidates"][0]
    assert findings(cand)["share-cap"] == "fail"
    cap = next(f for f in cand["originals"][0]["findings"] if f["rule"] == "share-cap")
    words, reused = cand["originals"][0]["words"], cand["originals"][0]["reused_words"]
    assert cap["fix"].startswith(f"cut at least {reused - int(0.3 * words)} reused words")
    assert cap["clause"].startswith("Only 30% of an article")


def test_missing_link_and_expired_permission(tree: Path) -> None:
    code, data = check_json(tree, "nolink.md", "full.md")
    assert code == 1
    nolink, full = data["candidates"]
    assert findings(nolink)["hyperlink"] == "fail"
    hyperlink = next(f for f in nolink["originals"][0]["findings"] if f["rule"] == "hyperlink")
    assert hyperlink["fix"] == f"add a hyperlink to {URL}"
    assert findings(full)["full-article-permission"] == "fail"
    perm = next(f for f in full["originals"][0]["findings"] if f["rule"] == "full-article-permission")
    assert perm["permission"] == "QM-17" and "expired on 2026-06-30" in perm["message"]


def test_permission_valid_on_an_earlier_date(tree: Path) -> None:
    code, out, _ = run("check", tree / "full.md", "--original", tree / "original.html", "--date", "2026-03-01")
    assert code == 0
    assert out.startswith("COMPLIANT")


def test_ledger_permission(tree: Path) -> None:
    ledger = tree / "ledger.yaml"
    ledger.write_text(f"permissions:\n  - publisher: qazmonitor\n    article: {URL}/\n    reference: L-1\n"
                      "    granted: 2026-11-01\n", encoding="utf-8")
    code, data = check_json(tree, "over.md", extra=("--permissions", str(ledger)))
    assert code == 0
    assert findings(data["candidates"][0])["share-cap"] == "waived"


def test_text_report_order(tree: Path) -> None:
    code, out, _ = run("check", tree / "over.md", "--original", tree / "original.html", "--no-color")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("VIOLATION")
    assert out.index("share-cap") < out.index("fix: cut at least") < out.index("Reused passages")
    assert "[[" in out and "]]" in out  # passages highlighted without colour


def test_compare_json_fields(tree: Path) -> None:
    code, out, _ = run("compare", tree / "over.md", "--original", tree / "original.html", "-f", "json")
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["candidate"]["source"].endswith("over.md")
    original = data["originals"][0]
    assert {"source", "words", "reused_words", "share_of_original", "share_of_candidate", "passages"} <= set(original)
    passage = original["passages"][0]
    assert set(passage["original"]) == set(passage["candidate"]) == {"start", "end", "region"}
    assert data["combined"]["reused_candidate_words"] > 0
    assert 0.5 < original["share_of_original"] < 0.7


def test_compare_offsets_index_a_text_file(tmp_path: Path) -> None:
    original = tmp_path / "o.txt"
    original.write_text("\n".join(SENTENCES), encoding="utf-8")
    candidate = tmp_path / "c.txt"
    candidate.write_text(own(2) + "\n" + SENTENCES[4] + " " + SENTENCES[5] + "\n", encoding="utf-8")
    _code, out, _ = run("compare", candidate, "--original", original, "-f", "json")
    data = json.loads(out)
    passage = data["originals"][0]["passages"][0]
    raw = candidate.read_text(encoding="utf-8")
    assert raw[passage["candidate"]["start"]:passage["candidate"]["end"]].startswith("Their owners")
    assert original.read_text()[passage["original"]["start"]:passage["original"]["end"]].endswith("the summer")


def test_two_originals_union(tree: Path) -> None:
    second = tree / "second.txt"
    second.write_text(own(6), encoding="utf-8")
    cand = write_candidate(tree, "mix.txt", SENTENCES[0] + " " + SENTENCES[1] + " " + own(6))
    _code, out, _ = run("compare", cand, "--original", tree / "original.html", "--original", second, "-f", "json")
    data = json.loads(out)
    assert len(data["originals"]) == 2
    assert data["combined"]["share_of_candidate"] > 0.95
    assert all(o["share_of_candidate"] < 0.8 for o in data["originals"])


def test_output_file_written_atomically(tree: Path) -> None:
    out_file = tree / "report.json"
    code, out, _ = run("check", tree / "ok.md", "--original", tree / "original.html", "-f", "json",
                       "--output", out_file)
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text())["verdict"] == "compliant"
    assert not [p for p in tree.iterdir() if p.name.endswith(".tmp")]


def test_output_never_overwrites_an_input(tree: Path) -> None:
    before = (tree / "ok.md").read_text()
    code, _out, err = run("check", tree / "ok.md", "--original", tree / "original.html", "--output", tree / "ok.md")
    assert code == 2 and "refusing to overwrite an input" in err
    assert (tree / "ok.md").read_text() == before


def test_rules_commands(tree: Path) -> None:
    code, out, _ = run("rules", "list")
    assert code == 0 and "qazmonitor" in out and "steppe-courier" in out
    code, out, _ = run("rules", "show", "qazmonitor")
    assert code == 0 and "max_share_of_original: 0.3" in out and "hyperlink" in out
    pack = Path(__file__).parents[1] / "rules" / "qazmonitor.yaml"
    code, out, _ = run("rules", "validate", pack)
    assert code == 0 and "valid" in out
    bad = tree / "bad.yaml"
    bad.write_text(pack.read_text().replace("kind: hyperlink", "kind: backlink"), encoding="utf-8")
    code, _out, err = run("rules", "validate", bad)
    assert code == 2
    assert str(bad) in err and "unknown rule kind 'backlink'" in err and "rules[1].kind" in err


def test_explicit_rules_by_path(tree: Path) -> None:
    pack = Path(__file__).parents[1] / "rules" / "steppe-courier.yaml"
    code, data = check_json(tree, "ok.md", extra=("--rules", str(pack)))
    assert data["candidates"][0]["originals"][0]["rules"]["id"] == "steppe-courier"
    assert code == 0


BAD_INPUTS = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    "empty": (b"", "empty document"),
    "blank": (b"  \n\n\t\n", "empty document"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_candidate_file(tree: Path, kind: str) -> None:
    data, message = BAD_INPUTS[kind]
    bad = tree / f"{kind}.txt"
    bad.write_bytes(data)
    code, out, err = run("check", bad, "--original", tree / "original.html")
    assert code == 2
    assert err.startswith("reusecheck: error: ") and str(bad) in err and message in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "missing.md", "--original", "original.html"], "missing.md: no such file"),
        (["check", "ok.md", "--original", "https://qazmonitor.com/news/x", "--offline"], "not in the cache"),
        (["check", "ok.md", "--original", "original.html", "--max-bytes", "100"], "larger than the limit of 100 bytes"),
        (["check", "ok.md", "--original", "original.html", "--rules", "nosuchpack"],
         "no rule pack with id 'nosuchpack'"),
        (["check", "ok.md", "--original", "original.html", "--date", "27/11/2026"], "expected YYYY-MM-DD"),
        (["check", "ok.md", "--original", "original.html", "--permissions", "ledger-missing.yaml"],
         "ledger-missing.yaml: no such file"),
        (["check", "ok.md", "--original", "notes.pdf"], "unsupported file type '.pdf'"),
        (["check", "ok.md", "--original", "empty"], "empty: the folder holds no .htm, .html, .markdown, .md, .text, "
                                                    ".txt file"),
    ],
)
def test_bad_input_messages(tree: Path, args: list[str], message: str) -> None:
    (tree / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tree / "empty").mkdir(exist_ok=True)
    code, out, err = run(*args, cwd=tree)
    assert code == 2, out + err
    assert message in err
    assert "Traceback" not in out + err


def test_usage_errors_exit_2(tree: Path) -> None:
    for args in (["check", "--bogus"], ["check", "ok.md", "--original", "original.html", "--format", "xml"],
                 ["check", "ok.md"], ["nosuchcommand"]):
        code, out, err = run(*args, cwd=tree)
        assert code == 2, args
        assert "Traceback" not in out + err


def test_no_pack_applies(tree: Path) -> None:
    plain = tree / "plain.txt"
    plain.write_text(" ".join(SENTENCES), encoding="utf-8")
    code, _out, err = run("check", tree / "nolink.md", "--original", plain)
    assert code == 2 and "no shipped rule pack applies" in err and "--rules" in err


def test_malformed_front_matter(tree: Path) -> None:
    bad = write_candidate(tree, "badfront.md", "Some text here for the body.", front="source: [unclosed\n")
    code, _out, err = run("check", bad, "--original", tree / "original.html")
    assert code == 2 and f"{bad}:" in err and "front matter" in err


def test_python_dash_m(tree: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "reusecheck", "check", "ok.md", "--original", "original.html"],
                          cwd=tree, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("COMPLIANT")
    proc = subprocess.run([sys.executable, "-m", "reusecheck", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("reusecheck ")


def test_wrong_encoding_is_an_input_error(tree: Path) -> None:
    cyrillic = tree / "ru.txt"
    cyrillic.write_bytes("Рыболовство на озере Балхаш запретят на три месяца.".encode("cp1251"))
    code, out, err = run("compare", cyrillic, "--original", tree / "original.html", "--encoding", "utf-8")
    assert code == 2 and str(cyrillic) in err and "cannot be decoded as utf-8" in err
    code, out, err = run("compare", cyrillic, "--original", tree / "original.html", "--encoding", "klingon")
    assert code == 2 and "unknown encoding 'klingon'" in err
    code, out, _err = run("compare", cyrillic, "--original", tree / "original.html")
    assert code == 0 and "ru.txt: 8 words" in out  # detected as cp1251 without being told


def test_malformed_rule_pack_given_to_check(tree: Path) -> None:
    bad = tree / "pack.yaml"
    bad.write_text("id: local\nname: Local\nterms:\n  url: https://x.example/terms\n  clause: c\n"
                   "applies_to:\n  domains: [x.example]\nrules:\n  - id: cap\n    kind: max-share\n"
                   "    clause: c\n    options:\n      max_share_of_original: 1.5\n", encoding="utf-8")
    code, out, err = run("check", tree / "ok.md", "--original", tree / "original.html", "--rules", bad)
    assert code == 2
    assert f"{bad}:13: rules[0].options.max_share_of_original: 1.5 is greater than the maximum of 1" in err
    assert out == ""


def test_api_to_dict_is_the_json(tree: Path) -> None:
    import reusecheck

    report = reusecheck.check([tree / "over.md", tree / "nolink.md"], [tree / "original.html"],
                              today=dt.date(2026, 11, 27))
    _code, data = check_json(tree, "over.md", "nolink.md")
    assert json.loads(json.dumps(report.to_dict())) == data
    comparison = reusecheck.compare(tree / "over.md", tree / "original.html")
    _code, out, _ = run("compare", tree / "over.md", "--original", tree / "original.html", "-f", "json")
    assert comparison.to_dict() == json.loads(out)


def test_no_rewrites_turns_the_sentence_stage_off(tmp_path: Path) -> None:
    original = tmp_path / "o.txt"
    original.write_text("The regional akimat said on Friday that the new bridge across the Ishim river will open "
                        "to traffic in early June after three years of delays.", encoding="utf-8")
    candidate = tmp_path / "c.txt"
    candidate.write_text("The new Ishim bridge will open to traffic in June, the regional akimat said.",
                         encoding="utf-8")
    results, kinds = {}, {}
    for flag in ("--rewrites", "--no-rewrites"):
        code, out, _ = run("compare", candidate, "--original", original, "-f", "json", flag)
        assert code == 0
        data = json.loads(out)
        assert data["options"]["rewrites"] is (flag == "--rewrites")
        results[flag] = data["combined"]["share_of_candidate"]
        kinds[flag] = {p["kind"] for p in data["originals"][0]["passages"]}
    assert results["--rewrites"] > 0.9
    assert "rewritten" in kinds["--rewrites"]
    # Without the sentence stage only copied runs count: the rewritten sentence's own words do not.
    assert "rewritten" not in kinds["--no-rewrites"]
    assert results["--no-rewrites"] < 0.7


OTHER_STORIES = [
    "The city library will open on Sundays from March, the culture department said, after readers signed a "
    "petition asking for longer hours. Volunteers will staff the reading rooms in the afternoons.",
    "A new bus route will link the railway station with the university campus from next month. The service "
    "will run every twenty minutes on weekdays and every half hour at weekends.",
]


def many_originals(tree: Path) -> list[Path]:
    paths = [tree / "original.html"]
    for n, story in enumerate(OTHER_STORIES):
        path = tree / f"other{n}.md"
        path.write_text(f"---\nurl: https://qazmonitor.com/news/other-{n}\n---\n\n{story}\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_check_lists_the_originals_a_candidate_uses_and_counts_the_others(tree: Path) -> None:
    originals = [a for p in many_originals(tree) for a in ("--original", p)]
    code, out, _ = run("check", tree / "nolink.md", *originals, "--format", "json", "--date", "2026-11-27")
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert code == 1
    entry = data["candidates"][0]
    assert [Path(o["source"]).name for o in entry["originals"]] == ["original.html"]
    assert entry["originals"][0]["uses_original"] is True
    assert entry["originals_not_listed"] == 2 and entry["combined"]["originals_used"] == 1

    code, out, _ = run("check", tree / "nolink.md", *originals, "--date", "2026-11-27", "--no-color")
    assert "2 other originals not used" in out and "other0.md" not in out

    code, out, _ = run("check", tree / "nolink.md", *originals, "--format", "json", "--all-pairs")
    listed = json.loads(out)["candidates"][0]
    assert len(listed["originals"]) == 3 and listed["originals_not_listed"] == 0
    assert [o["uses_original"] for o in listed["originals"]] == [True, False, False]
    assert all(f["status"] == "not-applicable" for o in listed["originals"][1:] for f in o["findings"])


def test_text_report_says_why_in_one_line(tree: Path) -> None:
    _code, out, _ = run("check", tree / "nolink.md", "--original", tree / "original.html", "--no-color")
    assert "Uses the original: a passage of 31 words of the original's own copied." in out
    independent = write_candidate(tree, "independent.md", own(6))
    code, out, _ = run("check", independent, "--original", tree / "original.html", "--no-color")
    assert code == 0
    assert "No shared passage." in out or "Incidental overlap" in out
