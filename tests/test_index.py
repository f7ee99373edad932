"""The archive index: stable hashes, build and add, retrieval, stats, damaged and foreign files."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from reusecheck.cli import app
from reusecheck.index import Index, store
from reusecheck.index.build import add, build
from reusecheck.index.grams import GRAM, KeyHasher, gram_hashes, key_hash
from reusecheck.matching.tokens import tokenize
from reusecheck.records import read_records
from tests.archive_texts import ARTICLES, passage, url, write_archive_jsonl

runner = CliRunner()


BOILERPLATE = "\n\nReaders can send news tips to the city desk by email at any hour of the day or night."


def _jsonl(path: Path, names: list[str], tail: str = "") -> Path:
    with path.open("w", encoding="utf-8") as out:
        for name in names:
            out.write(json.dumps({"url": url(name), "title": name, "text": ARTICLES[name] + tail}) + "\n")
    return path


def test_key_hash_is_blake2b_and_the_same_in_another_process() -> None:
    expected = int.from_bytes(hashlib.blake2b(b"ferri", digest_size=8).digest(), "little")
    assert key_hash("ferri") == expected
    keys = tokenize(ARTICLES["ferry"]).keys
    here = gram_hashes(KeyHasher().of_keys(keys)).tolist()
    code = ("import sys, json; from reusecheck.index.grams import KeyHasher, gram_hashes; "
            "from reusecheck.matching.tokens import tokenize; from tests.archive_texts import ARTICLES; "
            "print(json.dumps(gram_hashes(KeyHasher().of_keys(tokenize(ARTICLES['ferry']).keys)).tolist()))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                           cwd=Path(__file__).parents[1])
    assert json.loads(there.stdout) == here
    assert len(here) == len(keys) - GRAM + 1
    assert len(set(here)) == len(here)


def test_text_hashes_match_the_tokenizers_match_keys() -> None:
    text = "Die Bäckerei STARTED delivering: the Riders' rounds, ёлка and Ёлка, café and CAFE."
    hasher = KeyHasher()
    assert hasher.of_text(text) == hasher.of_keys(tokenize(text).keys)
    kazakh = "Қала әкімдігі жаңа көпір салуды жоспарлап отыр, құрылыс көктемде басталады."
    assert hasher.of_text(kazakh) == hasher.of_keys(tokenize(kazakh).keys)


def test_build_retrieves_the_article_a_copy_comes_from(tmp_path: Path) -> None:
    archive = write_archive_jsonl(tmp_path / "archive.jsonl")
    outcome = build(read_records([archive]), tmp_path / "index")
    assert outcome.added == len(ARTICLES) and not outcome.errors
    index = Index.open(tmp_path / "index", verify=True)
    copy = "Unrelated opening words about a choir. " + passage("library", 1) + " And a closing line."
    hits = index.retrieve(index.hashes_of_text(copy))
    assert hits and index.name(hits[0][0]) == url("library")
    assert all(index.name(n) == url("library") for n, _ in hits)
    assert index.retrieve(index.hashes_of_text("A choir sang in the village hall on Sunday evening.")) == []
    doc = index.document(hits[0][0])
    assert doc.url == url("library") and doc.text == ARTICLES["library"] and doc.title == "library".title()


def test_a_posting_is_one_eight_byte_word(tmp_path: Path) -> None:
    outcome = build(read_records([write_archive_jsonl(tmp_path / "a.jsonl")]), tmp_path / "index")
    index = Index.open(tmp_path / "index")
    postings = index.contents.postings
    assert postings.dtype.itemsize == 8 and len(postings) == outcome.stats.postings
    assert np.all(postings[1:] >= postings[:-1])
    # Every document's distinct 5-grams, nothing pruned at this size.
    hasher = KeyHasher()
    expected = sum(len(np.unique(gram_hashes(hasher.of_keys(tokenize(t).keys)) >> np.uint64(24)))
                   for t in ARTICLES.values())
    assert outcome.stats.postings == expected
    assert outcome.stats.bytes == (tmp_path / "index").stat().st_size
    assert index.header["sections"]["postings"][1] == 8 * outcome.stats.postings


def test_folders_jsonl_and_gzip_build_the_same_documents(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.md").write_text(f"---\ntitle: {name}\nurl: {url(name)}\n---\n\n{text}\n", encoding="utf-8")
    plain = _jsonl(tmp_path / "a.jsonl", sorted(ARTICLES))
    zipped = tmp_path / "a.jsonl.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    counts = []
    for source, name in ((folder, "f"), (plain, "j"), (zipped, "z")):
        result = runner.invoke(app, ["index", "build", str(source), "--index", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert f"{len(ARTICLES)} documents" in result.output
        counts.append(Index.open(tmp_path / name).stats().postings)
    assert counts[0] == counts[1] == counts[2]


def test_adding_gives_the_index_a_build_of_everything_gives(tmp_path: Path) -> None:
    names = sorted(ARTICLES)
    # Every article ends in the same line, and max_df is small: its n-grams are pruned once a third
    # document has them, which happens during the add.
    first = _jsonl(tmp_path / "1.jsonl", names[:2], BOILERPLATE)
    second = _jsonl(tmp_path / "2.jsonl", names[2:], BOILERPLATE)
    build(read_records([first, second]), tmp_path / "whole", max_df=2)
    build(read_records([first]), tmp_path / "grown", max_df=2)
    assert Index.open(tmp_path / "grown").stats().pruned_ngrams == 0
    outcome = add(read_records([second]), tmp_path / "grown")
    assert outcome.added == 4
    whole, grown = Index.open(tmp_path / "whole"), Index.open(tmp_path / "grown")
    assert whole.stats().pruned_ngrams > 0
    assert np.array_equal(whole.contents.postings, grown.contents.postings)
    assert np.array_equal(whole.contents.pruned, grown.contents.pruned)


def test_add_keeps_unchanged_documents_and_replaces_changed_ones(tmp_path: Path) -> None:
    archive = write_archive_jsonl(tmp_path / "a.jsonl")
    build(read_records([archive]), tmp_path / "index")
    before = Index.open(tmp_path / "index").stats()
    again = add(read_records([archive]), tmp_path / "index")
    assert (again.added, again.replaced, again.unchanged) == (0, 0, len(ARTICLES))
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps({"url": url("bakery"), "title": "Bakery", "text": ARTICLES["observatory"]}) + "\n",
                       encoding="utf-8")
    outcome = add(read_records([changed]), tmp_path / "index")
    assert (outcome.added, outcome.replaced) == (0, 1)
    index = Index.open(tmp_path / "index", verify=True)
    assert index.stats().documents == before.documents
    # The bakery's old text is gone from the index; its URL now holds the new text.
    assert index.retrieve(index.hashes_of_text(passage("bakery", 1))) == []
    found = {index.name(n) for n, _ in index.retrieve(index.hashes_of_text(passage("observatory", 1)))}
    assert found == {url("bakery"), url("observatory")}


def test_stats_command_prints_json(tmp_path: Path) -> None:
    build(read_records([write_archive_jsonl(tmp_path / "a.jsonl")]), tmp_path / "index")
    result = runner.invoke(app, ["index", "stats", "--index", str(tmp_path / "index"), "--format", "json",
                                 "--verify"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["documents"] == len(ARTICLES)
    assert stats["bytes"] == (tmp_path / "index").stat().st_size
    assert stats["bytes_per_posting"] == pytest.approx(stats["bytes"] / stats["postings"], abs=0.001)
    assert stats["pruned_ngrams"] == 0 and stats["verified"] is True


@pytest.mark.parametrize(("damage", "message"), [
    (lambda data: data[: len(data) // 2], "truncated"),
    (lambda data: b"PK\x03\x04" + data[4:], "not a reusecheck index"),
    (lambda data: data[:16] + b"}}}}" + data[20:], "header"),
    (lambda data: data[:-40] + bytes(b ^ 0xFF for b in data[-40:]), "checksum"),
])
def test_a_damaged_or_foreign_index_is_a_clear_error(tmp_path: Path, damage: object, message: str) -> None:
    build(read_records([write_archive_jsonl(tmp_path / "a.jsonl")]), tmp_path / "index")
    data = (tmp_path / "index").read_bytes()
    (tmp_path / "index").write_bytes(damage(data))  # type: ignore[operator]
    for args in (["index", "stats", "--index", str(tmp_path / "index"), "--verify"],
                 ["scan", str(tmp_path / "a.jsonl"), "--index", str(tmp_path / "index")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output
        assert str(tmp_path / "index") in result.output


def test_missing_index_folder_and_empty_file_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").write_bytes(b"")
    for target, message in ((tmp_path / "none", "no such index"), (tmp_path, "folder"),
                            (tmp_path / "empty", "too short")):
        result = runner.invoke(app, ["index", "stats", "--index", str(target)])
        assert result.exit_code == 2 and message in result.output, result.output


def test_a_bad_record_is_reported_and_the_rest_indexed(tmp_path: Path) -> None:
    archive = write_archive_jsonl(tmp_path / "a.jsonl")
    with archive.open("a", encoding="utf-8") as out:
        out.write('{"url": "https://archive.example/x", "text": \n')
        out.write('{"url": "https://archive.example/y", "title": "no text"}\n')
    result = runner.invoke(app, ["index", "build", str(archive), "--index", str(tmp_path / "index")])
    assert result.exit_code == 2
    assert f"a.jsonl:{len(ARTICLES) + 1}" in result.output and "not a JSON record" in result.output
    assert "no `text`" in result.output
    assert Index.open(tmp_path / "index").documents == len(ARTICLES)


def test_a_reader_keeps_its_index_while_another_process_adds(tmp_path: Path) -> None:
    names = sorted(ARTICLES)
    build(read_records([_jsonl(tmp_path / "1.jsonl", names[:3])]), tmp_path / "index")
    reader = Index.open(tmp_path / "index")
    hashes = reader.hashes_of_text(passage(names[0], 0))
    before = reader.retrieve(hashes)
    subprocess.run([sys.executable, "-m", "reusecheck", "index", "add", str(_jsonl(tmp_path / "2.jsonl", names[3:])),
                    "--index", str(tmp_path / "index")], check=True, capture_output=True)
    # The file was replaced, not changed in place: the open mapping still reads the old index whole.
    assert reader.retrieve(hashes) == before and reader.documents == 3
    assert Index.open(tmp_path / "index", verify=True).documents == len(ARTICLES)


def test_concurrent_adds_lose_nothing(tmp_path: Path) -> None:
    names = sorted(ARTICLES)
    build(read_records([_jsonl(tmp_path / "0.jsonl", names[:2])]), tmp_path / "index")
    parts = [_jsonl(tmp_path / f"{i}.jsonl", [name]) for i, name in enumerate(names[2:], 1)]
    procs = [subprocess.Popen([sys.executable, "-m", "reusecheck", "index", "add", str(part), "--index",
                               str(tmp_path / "index"), "-q"]) for part in parts]
    assert [p.wait(timeout=60) for p in procs] == [0] * len(procs)
    index = Index.open(tmp_path / "index", verify=True)
    assert sorted(index.name(n) for n in range(index.documents)) == sorted(url(n) for n in names)


def test_store_refuses_a_version_it_does_not_read(tmp_path: Path) -> None:
    build(read_records([write_archive_jsonl(tmp_path / "a.jsonl")]), tmp_path / "index")
    data = (tmp_path / "index").read_bytes()
    length = int.from_bytes(data[8:16], "little")
    header = json.loads(data[16:16 + length])
    header["version"] = store.VERSION + 1
    encoded = json.dumps(header, sort_keys=True).encode()
    encoded = encoded[:length] if len(encoded) > length else encoded + b" " * (length - len(encoded))
    (tmp_path / "index").write_bytes(data[:16] + encoded + data[16 + length:])
    result = runner.invoke(app, ["index", "stats", "--index", str(tmp_path / "index")])
    assert result.exit_code == 2 and "format version" in result.output and "rebuild" in result.output


def test_build_never_overwrites_a_file_that_is_not_an_index(tmp_path: Path) -> None:
    archive = write_archive_jsonl(tmp_path / "a.jsonl")
    before = archive.read_bytes()
    result = runner.invoke(app, ["index", "build", str(archive), "--index", str(archive)])
    assert result.exit_code == 2 and "refusing to overwrite" in result.output
    assert archive.read_bytes() == before
    assert runner.invoke(app, ["index", "build", str(archive), "--index", str(tmp_path / "i")]).exit_code == 0
    assert runner.invoke(app, ["index", "build", str(archive), "--index", str(tmp_path / "i")]).exit_code == 0


def test_one_shared_phrase_is_no_lead_but_two_are(tmp_path: Path) -> None:
    build(read_records([write_archive_jsonl(tmp_path / "a.jsonl")]), tmp_path / "index")
    index = Index.open(tmp_path / "index")
    # Seven words of the ferry story: three five-word runs, one after another.
    phrase = "the older of the two vessels with"
    other = "the crew trained on a simulator borrowed"
    one = f"Our boat club met on Friday. Members painted {phrase} blue paint."
    two = f"Our boat club met on Friday. Members painted {phrase} blue paint. Meanwhile {other} for fun."
    assert index.retrieve(index.hashes_of_text(one)) == []
    assert index.retrieve(index.hashes_of_text(one), min_shared=1) == []
    ((number, shared),) = index.retrieve(index.hashes_of_text(two))
    assert index.name(number) == url("ferry") and shared == 6
