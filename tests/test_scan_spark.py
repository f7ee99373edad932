"""`reusecheck scan --engine spark` on a local two-core Spark: the local scan's output, byte for byte."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reusecheck.cli import app

pytest.importorskip("pyspark", reason="the Spark engine needs pyspark: pip install 'reusecheck[spark]'")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("the Spark engine needs Java 17 or later, and there is no java here", allow_module_level=True)

runner = CliRunner()

# Invented articles. The first two are on a site whose terms ship with reusecheck (its pairs get verdicts);
# the other two on a site without (measured only).
ARTICLES = {
    "https://steppecourier.example/news/tram-extension": (
        "The tram line along Abay Avenue will reach the new hospital campus by the end of next year, the city "
        "transport department said on Monday, after engineers finished a survey of the old water mains that "
        "run beneath the route.\n\n"
        "Crews will lay the first section of track during the school holidays, when traffic on the avenue is "
        "lighter, and buses will replace trams on the eastern loop for about six weeks while the junction near "
        "the central market is rebuilt.\n\n"
        "The department expects some eleven thousand passengers a day to use the extension, most of them "
        "hospital staff, patients and students of the medical college, and it plans to run a tram every seven "
        "minutes at the busiest hours of the morning."
    ),
    "https://steppecourier.example/news/glacier-station": (
        "Researchers have reopened the glacier monitoring station above the Tuyuksu valley, which stood empty "
        "for two winters after an avalanche damaged its generator shed and the cable that carried its "
        "measurements down to the city.\n\n"
        "The new station runs on solar panels and a small wind turbine, and it sends readings of snow depth, "
        "ice temperature and meltwater flow every ten minutes over a radio link to the institute's office in "
        "the foothills.\n\n"
        "Glaciologists say the records matter for farmers and for the water company alike, since the glacier "
        "feeds the rivers that fill the reservoirs in late summer, just when the irrigation canals of the "
        "valley need the most water."
    ),
    "https://valleypost.example/2025/chess-final": (
        "A fourteen-year-old from a village school near Taraz won the regional youth chess championship on "
        "Sunday, beating the top seed in a tense final game that lasted almost five hours and ended with a "
        "lone knight against two pawns.\n\n"
        "Her coach, a retired mathematics teacher who runs a club in the school library twice a week, said "
        "the pupils had practised on donated boards and an old laptop until a local business paid for a set "
        "of tournament clocks last spring.\n\n"
        "The champion will travel to the national finals in the capital in November, and the district council "
        "has promised to cover the cost of the trip for her and two teammates who also qualified this year."
    ),
    "https://valleypost.example/2025/wool-cooperative": (
        "Sheep farmers in the high pastures have formed a cooperative to wash, card and spin their own wool "
        "instead of selling raw fleece to traders at a fraction of what the finished yarn fetches in the "
        "city shops.\n\n"
        "The cooperative rented a disused dairy at the edge of the district centre and installed second-hand "
        "carding machines bought from a mill that closed across the border, and twelve women from nearby "
        "villages now work there in shifts.\n\n"
        "Its first batch of undyed yarn sold out within a week at a craft fair, and the members now plan to "
        "add natural dyes made from walnut husks and madder root, following recipes that older weavers in "
        "the valley still remember."
    ),
}

FILLER = (
    "council residents evening market bridge river teacher winter festival museum concert road village "
    "hospital volunteers harvest station garden weather mayor budget children parents weekend photographs "
    "exhibition singer choir neighbours street cafe repairs roof holiday visitors library football bakery"
).split()


def _filler(rng: random.Random, sentences: int) -> str:
    """Sentences of shuffled common words: text that reuses no article."""
    return " ".join(" ".join(rng.sample(FILLER, rng.randint(8, 14))).capitalize() + "." for _ in range(sentences))


def _paragraph(number: int) -> tuple[str, str]:
    urls = sorted(ARTICLES)
    url = urls[number % len(urls)]
    return url, ARTICLES[url].split("\n\n")[number % 3]


def _write_inputs(folder: Path) -> tuple[list[str], int]:
    """The candidates, as files of every kind that goes to Spark differently, and how many records they hold."""
    rng = random.Random(11)
    archive = folder / "archive.jsonl"
    archive.write_text("".join(json.dumps({"url": url, "title": url.rsplit("/", 1)[1], "text": text}) + "\n"
                               for url, text in ARTICLES.items()), encoding="utf-8")
    # Big enough for Spark to split it into several byte ranges, each numbering its lines from where it starts.
    lines: list[bytes] = []
    for i in range(360):
        body = [_filler(rng, 3), _filler(rng, 2)]
        if i % 9 == 4:
            body.insert(1, _paragraph(i)[1])
        record = {"url": f"https://reprints.example/p/{i}", "title": f"Page {i}", "text": "\n\n".join(body)}
        lines.append(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    lines[100] = lines[100].replace(b"\n", b"\r\n")
    lines[150] = b'{"url": "https://reprints.example/broken", "text": "cut off\n'
    lines.insert(200, b"\n")
    url, paragraph = _paragraph(1)
    page = f'<html><body><article><p>{_filler(rng, 2)}</p><p>{paragraph}</p><p>From <a href="{url}">the original' \
           "</a>.</p></article></body></html>"
    lines.append(json.dumps({"url": "https://reprints.example/linked", "html": page}).encode("utf-8"))
    pages = folder / "pages.jsonl"
    pages.write_bytes(b"".join(lines))
    records = len(lines) - 1  # the blank line is no record

    pages_folder = folder / "site"
    pages_folder.mkdir()
    (pages_folder / "a-copy.md").write_text(f"# A copy\n\n{_paragraph(2)[1]}\n\n{_filler(rng, 3)}\n", encoding="utf-8")
    (pages_folder / "b-own.md").write_text(f"# Our own\n\n{_filler(rng, 4)}\n", encoding="utf-8")
    with gzip.open(folder / "more.jsonl.gz", "wt", encoding="utf-8") as more:
        for i in range(3):
            text = _paragraph(3 + i)[1] if i == 1 else _filler(rng, 4)
            more.write(json.dumps({"url": f"https://reprints.example/more/{i}", "text": text}) + "\n")
    records += 2 + 3
    return [str(pages), str(pages_folder), str(folder / "more.jsonl.gz")], records


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("spark")
    inputs, records = _write_inputs(folder)
    index = folder / "archive.idx"
    built = runner.invoke(app, ["index", "build", str(folder / "archive.jsonl"), "--index", str(index)])
    assert built.exit_code == 0, built.output
    common = [*inputs, "--index", str(index), "--date", "2026-01-15"]
    local = runner.invoke(app, ["scan", *common, "--jobs", "1", "-o", str(folder / "local.jsonl")])
    spark = runner.invoke(app, ["scan", *common, "--engine", "spark", "--spark-master", "local[2]",
                                "-o", str(folder / "spark.jsonl")])
    return {"folder": folder, "common": common, "records": records, "local": local, "spark": spark}


def _summary(output: str) -> tuple[str, str, str]:
    found = re.search(r"Scanned ([\d,]+) candidates in [\d.]+ s \([\d,]+ candidates/s, (\d+) process(?:es)?\): "
                      r"(.*)", output)
    assert found is not None, output
    return found[1], found[2], found[3]


def test_spark_writes_the_local_scans_lines_byte_for_byte(scans: dict[str, Any]) -> None:
    folder = scans["folder"]
    assert scans["spark"].exit_code == scans["local"].exit_code == 2, scans["spark"].output  # 2: a bad record
    local = (folder / "local.jsonl").read_bytes()
    assert (folder / "spark.jsonl").read_bytes() == local
    lines = [json.loads(line) for line in local.splitlines()]
    pairs = [line for line in lines if "error" not in line]
    errors = [line for line in lines if "error" in line]
    assert len(pairs) >= 40
    assert any(line.get("verdict") == "violation" for line in pairs)
    assert any("verdict" not in line for line in pairs)
    assert any(line["candidate"] == "https://reprints.example/linked" and line["link"] == "found" for line in pairs)
    assert [line["error"]["where"] for line in errors] == [f"{scans['common'][0]}:151"]
    # Pairs from every input file, the folder's and the gzipped file's (sent to the executors by path) too.
    assert any(line["candidate"].endswith("a-copy.md") for line in pairs)
    assert any(line["candidate"] == "https://reprints.example/more/1" for line in pairs)


def test_spark_counts_what_the_local_scan_counts(scans: dict[str, Any]) -> None:
    local_count, local_processes, local_counts = _summary(scans["local"].output)
    spark_count, spark_processes, spark_counts = _summary(scans["spark"].output)
    assert (spark_count, spark_counts) == (local_count, local_counts)
    assert int(local_count.replace(",", "")) == scans["records"]
    assert (local_processes, spark_processes) == ("1", "2")


def test_parquet_holds_the_same_rows(scans: dict[str, Any]) -> None:
    from pyspark.sql import SparkSession

    folder = scans["folder"]
    out = folder / "pairs.parquet"
    result = runner.invoke(app, ["scan", *scans["common"], "--engine", "spark", "--spark-master", "local[2]",
                                 "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert _summary(result.output)[2] == _summary(scans["local"].output)[2]
    spark = SparkSession.builder.master("local[1]").getOrCreate()
    try:
        rows = [row.asDict() for row in spark.read.parquet(str(out)).collect()]
    finally:
        spark.stop()
    rows.sort(key=lambda row: (row["file"], row["record"], row["line"]))
    lines = [json.loads(line) for line in (folder / "local.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines, strict=True):
        assert row["candidate"] == line["candidate"]
        if "error" in line:
            assert json.loads(row["error"]) == line["error"] and row["original"] is None
            continue
        for key in ("original", "reused_words", "share_of_original", "share_of_candidate", "uses_original", "link",
                    "use", "shared_ngrams"):
            assert row[key] == line[key], key
        assert row["verdict"] == line.get("verdict")
        assert json.loads(row["passages"]) == line["passages"]
        assert (json.loads(row["findings"]) if row["findings"] else None) == line.get("findings")
