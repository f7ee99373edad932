"""The scan on Spark: the local scan's judge, run for each record on a cluster's executors.

Every record keeps its place in the input, (file number, record number). A JSON Lines file is split by
Spark into byte ranges of whole lines, numbered with zipWithIndex; other files (a folder's pages, WARC
files, gzipped or small JSON Lines) go to the executors by path, each read there whole by `read_records`. The
partitions are laid out in input order, and each keeps its records in order, so the judged partitions
taken in turn are the output in input order: the driver streams them into the local scan's Sink, which
writes the same bytes. `parquet` is written by Spark itself, a folder of part files with the order keys.

The index, and a rule pack given as a file, reach the executors through SparkContext.addFile: they need
not share the driver's file system for those. Each Python worker opens its copy once, memory-mapped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from reusecheck.documents.reading import DEFAULT_MAX_BYTES
from reusecheck.errors import InputError, ReusecheckError, UsageError
from reusecheck.records import Record, read_records, record_of_line
from reusecheck.scan.candidate import Judge, ScanOptions
from reusecheck.scan.local import count as count_result
from reusecheck.scan.local import default_jobs
from reusecheck.scan.output import Sink, Summary, header

if TYPE_CHECKING:
    from pyspark import RDD, SparkContext
    from pyspark.sql import SparkSession

INSTALL = "pip install 'reusecheck[spark]'"
SPLITS_PER_CORE = 4
"""Input slices per core: enough that a slice of slow pages (many pairs each) does not hold up the rest."""
MIN_SPLIT = 64 * 1024
"""The smallest byte range of a JSON Lines file that one task reads: below it, starting the task costs more
than judging its records."""
BOM = b"\xef\xbb\xbf"
HADOOP_UNSAFE = re.compile(r"[,{}\[\]*?\\:%]")
"""Characters that Hadoop reads as a list, a glob or a URI in a path: such a file goes by path instead."""
LOG_CONFIG = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = stderr
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.native.name = org.apache.hadoop.util.NativeCodeLoader
logger.native.level = error
"""
"""Spark's log: warnings and errors only, on stderr; the notice that Hadoop's native library is missing
(it never is needed here) dropped."""

# What the judging tasks give back: a candidate's lines, a partition's counts, or a file that could not be read.
LINES, COUNTS, FAILED = "lines", "counts", "failed"

# The Parquet columns: the order keys, then the line's values.
ORDER = [("file", "long"), ("record", "long"), ("line", "integer")]
COLUMNS = [("candidate", "string"), ("where", "string"), ("original", "string"), ("reused_words", "long"),
           ("share_of_original", "double"), ("share_of_candidate", "double"), ("uses_original", "boolean"),
           ("use", "string"), ("shared_ngrams", "long"), ("link", "string"), ("verdict", "string")]
JSON_COLUMNS = ("passages", "findings", "rules", "error")
"""Nested values, kept as the JSON text the JSON Lines output has for them."""
REQUIRED = ("file", "record", "line", "candidate")


@dataclass(frozen=True)
class Shipped:
    """The options as the executors see them: the index and a rule pack file by their SparkFiles names."""

    options: ScanOptions
    index: str
    rules: str | None = None


@dataclass(frozen=True)
class Source:
    """One input file: its place in the input, its name as given (as the output names it), and where the
    executors read it."""

    number: int
    given: str
    path: str
    size: int
    bom: bool = False


_cached: tuple[Shipped, Judge] | None = None


def scan_spark(files: Sequence[Path], options: ScanOptions, *, output: Path | None, fmt: str,
               master: str | None, jobs: int | None) -> Summary:
    """Judge every record of the files on Spark and write the lines as the local scan would."""
    started = time.perf_counter()
    if fmt == "parquet":
        _check_parquet_target(output)
    judge = Judge(options)  # opened here first, so that a bad index or pack is reported before Spark starts
    index_info = {"path": str(options.index), "checksum": judge.index.header.get("checksum"),
                  "documents": judge.index.header.get("documents"), "gram": judge.index.header.get("gram"),
                  "max_df": judge.index.header.get("max_df")}
    sink = Sink(output, fmt, {}, header(index_info, options.to_dict())) if fmt != "parquet" else None
    summary = Summary()
    try:
        with tempfile.TemporaryDirectory(prefix="reusecheck-spark-") as temp, \
                _session(master, jobs, Path(temp)) as (spark, cancel):
            sc = spark.sparkContext
            summary.processes = sc.defaultParallelism
            with _failures(cancel):
                judged = _judged(sc, _ship(sc, options, Path(temp)), files, summary.processes)
                _add_counts(summary, judged.filter(_not_lines).collect())
                if sink is None:
                    assert output is not None
                    _write_parquet(spark, judged, output)
                else:
                    _stream(judged, sink)
    except BaseException:
        # Interrupted too: the lines come in order only once every record is judged, so there are none to keep.
        if sink is not None:
            sink.abandon()
        raise
    summary.seconds = time.perf_counter() - started  # Spark's start and stop included: the wait is the user's
    if sink is not None:
        sink.finish(summary, summary.candidates)
    return summary


def _judged(sc: SparkContext, shipped: Shipped, files: Sequence[Path], cores: int) -> RDD[tuple[Any, ...]]:
    """Every input's records judged, in partitions laid out in input order, kept for the passes that read them."""
    from pyspark import StorageLevel

    sources = [_source(number, path) for number, path in enumerate(files)]
    lines_bytes = sum(s.size for s in sources if _plain_jsonl(s))
    split = max(MIN_SPLIT, -(-lines_bytes // (cores * SPLITS_PER_CORE)))
    rdds: list[RDD[tuple[Any, ...]]] = []
    by_path: list[Source] = []
    for source in sources:
        # A file of one slice gains nothing from Spark's reader, and costs a job or two more to set up.
        if not _plain_jsonl(source) or source.size <= split:
            by_path.append(source)
            continue
        if by_path:
            rdds.append(_files_rdd(sc, shipped, by_path, cores))
            by_path = []
        lines: RDD[tuple[int, str]] = sc.newAPIHadoopFile(
            "file://" + source.path, "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
            "org.apache.hadoop.io.LongWritable", "org.apache.hadoop.io.Text",
            # Lines end at \n alone, as Python reads them; Hadoop's default also ends them at a lone \r.
            conf={"textinputformat.record.delimiter": "\n",
                  "mapreduce.input.fileinputformat.split.maxsize": str(split)})
        rdds.append(lines.zipWithIndex().mapPartitions(partial(_judge_lines, shipped, source)))
    if by_path:
        rdds.append(_files_rdd(sc, shipped, by_path, cores))
    judged = sc.union(rdds) if len(rdds) > 1 else rdds[0]
    # Read twice (the counts, then the lines in order): judged once.
    return judged.persist(StorageLevel.MEMORY_AND_DISK)


def _source(number: int, path: Path) -> Source:
    absolute = os.path.abspath(path)
    try:
        size = os.stat(absolute).st_size
        bom = False
        if path.name.lower().endswith(".jsonl"):
            with open(absolute, "rb") as stream:
                bom = stream.read(len(BOM)) == BOM
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    return Source(number, str(path), absolute, size, bom)


def _plain_jsonl(source: Source) -> bool:
    return source.given.lower().endswith(".jsonl") and not HADOOP_UNSAFE.search(source.path)


def _files_rdd(sc: SparkContext, shipped: Shipped, sources: list[Source], cores: int) -> RDD[tuple[Any, ...]]:
    slices = min(len(sources), cores * SPLITS_PER_CORE)
    return sc.parallelize(sources, slices).mapPartitions(partial(_judge_files, shipped))


def _ship(sc: SparkContext, options: ScanOptions, temp: Path) -> Shipped:
    sc.addFile(options.index)
    rules = options.rules
    if rules is None or not Path(rules).is_file():
        return Shipped(options, Path(options.index).name, None)
    # A name of its own: two files of one name cannot both be shipped, and the index may share the pack's.
    pack = Path(rules)
    digest = hashlib.sha256(pack.read_bytes()).hexdigest()[:16]
    copy = temp / f"reusecheck-rules-{digest}{pack.suffix}"
    shutil.copyfile(pack, copy)
    sc.addFile(str(copy))
    return Shipped(options, Path(options.index).name, copy.name)


# On the executors.

def _judge_for(shipped: Shipped) -> Judge:
    """The worker process's judge: the index opened once, from the copy Spark put beside the worker."""
    global _cached
    if _cached is None or _cached[0] != shipped:
        from pyspark import SparkFiles

        rules = SparkFiles.get(shipped.rules) if shipped.rules is not None else shipped.options.rules
        _cached = (shipped, Judge(replace(shipped.options, index=SparkFiles.get(shipped.index), rules=rules)))
    return _cached[1]


def _judge_lines(shipped: Shipped, source: Source,
                 items: Iterable[tuple[tuple[int, str], int]]) -> Iterator[tuple[Any, ...]]:
    judge = _judge_for(shipped)
    counts = Summary()
    for (offset, text), number in items:
        line = _line_bytes(source, offset, text)
        if not line.strip():
            continue
        record = record_of_line(line, f"{source.given}:{number + 1}", DEFAULT_MAX_BYTES)
        judged = _judge_one(judge, source.number, number, record, counts)
        if judged is not None:
            yield judged
    yield (COUNTS, counts)


def _line_bytes(source: Source, offset: int, text: str) -> bytes:
    """The line as the file holds it, its newline included, as the local scan reads it."""
    if "\ufffd" in text:
        # Hadoop put a replacement character where the bytes were not UTF-8: the bytes as written decide
        # what the record is, and what its error says.
        with open(source.path, "rb") as stream:
            stream.seek(offset)
            return stream.readline()
    line = text.encode("utf-8", "surrogatepass")
    if offset == 0 and source.bom and not line.startswith(BOM):
        line = BOM + line  # Hadoop drops a byte order mark at the start of the file
    if offset + len(line) < source.size:
        line += b"\n"
    return line


def _judge_files(shipped: Shipped, sources: Iterable[Source]) -> Iterator[tuple[Any, ...]]:
    judge = _judge_for(shipped)
    counts = Summary()
    for source in sources:
        try:
            for number, record in enumerate(read_records([Path(source.path)])):
                judged = _judge_one(judge, source.number, number, _as_given(record, source), counts)
                if judged is not None:
                    yield judged
        except ReusecheckError as exc:
            yield (FAILED, exc.message, source.given if exc.path == source.path else exc.path)
            return
    yield (COUNTS, counts)


def _as_given(record: Record, source: Source) -> Record:
    """The record named by the file's name as given, as the local scan names it."""
    if source.given == source.path or not record.where.startswith(source.path):
        return record
    return replace(record, where=source.given + record.where[len(source.path):])


def _judge_one(judge: Judge, file: int, number: int, record: Record, counts: Summary) -> tuple[Any, ...] | None:
    result = judge.judge(record)
    count_result(counts, result)  # counted as the local scan counts
    return (LINES, file, number, result.lines) if result.lines else None


def _not_lines(item: tuple[Any, ...]) -> bool:
    return bool(item[0] != LINES)


def _is_lines(item: tuple[Any, ...]) -> bool:
    return bool(item[0] == LINES)


# Back on the driver.

def _add_counts(summary: Summary, items: list[tuple[Any, ...]]) -> None:
    """Add up the partitions' counts: every whole-number count the local scan keeps, whatever they are."""
    for item in items:
        if item[0] == FAILED:
            raise InputError(item[1], path=item[2])
        part: Summary = item[1]
        for field in fields(Summary):
            value = getattr(part, field.name)
            if field.name != "processes" and isinstance(value, int) and not isinstance(value, bool):
                setattr(summary, field.name, getattr(summary, field.name) + value)


def _stream(judged: RDD[tuple[Any, ...]], sink: Sink) -> None:
    last = (-1, -1)
    for item in judged.toLocalIterator(prefetchPartitions=True):
        if item[0] != LINES:
            continue
        place = (item[1], item[2])
        if place <= last:
            raise RuntimeError(f"the Spark scan's records came out of order: {place} after {last}")
        last = place
        sink.write(item[3])


def _rows(item: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    _tag, file, number, lines = item
    for n, line in enumerate(lines):
        values = {name: line.get(name) for name, _kind in COLUMNS}
        if "error" in line:
            values["where"] = line["error"].get("where")
        nested = (json.dumps(line[key], ensure_ascii=False, sort_keys=True) if key in line else None
                  for key in JSON_COLUMNS)
        yield (file, number, n, *values.values(), *nested)


def _write_parquet(spark: SparkSession, judged: RDD[tuple[Any, ...]], output: Path) -> None:
    columns = [*ORDER, *COLUMNS, *((key, "string") for key in JSON_COLUMNS)]
    schema = ", ".join(f"{name} {kind}{' not null' if name in REQUIRED else ''}" for name, kind in columns)
    frame = spark.createDataFrame(judged.filter(_is_lines).flatMap(_rows), schema)
    frame.write.mode("overwrite").parquet("file://" + os.path.abspath(output))


def _check_parquet_target(output: Path | None) -> None:
    """Parquet is a folder of part files: replace only a folder that holds nothing else."""
    if output is None:
        raise UsageError("--format parquet writes a folder of Parquet files: give it with --output")
    if not output.exists():
        return
    if not output.is_dir():
        raise UsageError("not a folder; --format parquet writes a folder of Parquet files", path=str(output))
    if any(not _spark_output(p.name) for p in output.iterdir()):
        raise UsageError("refusing to replace a folder that is not a scan's Parquet output; choose another "
                         "--output or remove it", path=str(output))


def _spark_output(name: str) -> bool:
    return name in ("_SUCCESS", "._SUCCESS.crc", "_temporary") or name.startswith(("part-", ".part-"))


class Cancel:
    """Ctrl-C or SIGTERM during the scan: Spark's jobs cancelled, and the scan ends as interrupted.

    PySpark's own handler cancels from inside the call the main thread is waiting in, which py4j refuses
    with a page of tracebacks; a thread of its own asks instead, and the waiting call returns."""

    def __init__(self, sc: SparkContext) -> None:
        self.sc = sc
        self.requested = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt  # asked twice: no more waiting
        self.requested = True
        threading.Thread(target=self._cancel, daemon=True).start()

    def _cancel(self) -> None:
        with contextlib.suppress(Exception):
            self.sc.setLogLevel("OFF")  # the killed tasks' reports are no news
            self.sc.cancelAllJobs()


@contextlib.contextmanager
def _failures(cancel: Cancel) -> Iterator[None]:
    """A failed Spark job as one line, not Spark's page of stack traces; a cancelled one as an interrupt."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    try:
        yield
    except Exception as exc:
        if cancel.requested:
            raise KeyboardInterrupt from None
        if isinstance(exc, Py4JJavaError | PySparkException):
            raise ReusecheckError(f"the Spark job failed: {_gist(str(exc))}") from None
        raise
    if cancel.requested:
        raise KeyboardInterrupt


def _gist(text: str) -> str:
    """The line that says what went wrong: a Python worker's error is the last line of its traceback,
    Spark's own the first line of its message."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    raised = [line for line in lines if re.match(r"[\w.]+(Error|Exception): ", line)]
    gist = raised[-1] if "Traceback (most recent call last)" in text and raised else (lines[0] if lines else "")
    return gist[:500]


@contextlib.contextmanager
def _session(master: str | None, jobs: int | None, temp: Path) -> Iterator[tuple[SparkSession, Cancel]]:
    """A Spark session, quiet, stopped at the end; under spark-submit, on its JVM and master."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError(f"the Spark engine needs pyspark: {INSTALL}") from None
    attached = "PYSPARK_GATEWAY_PORT" in os.environ
    if master is None and not attached:
        master = f"local[{jobs or default_jobs()}]"
    local = master is not None and master.startswith("local")
    env: dict[str, str] = {}
    if not attached:
        _check_java()
        config = temp / "log4j2.properties"
        config.write_text(LOG_CONFIG, encoding="utf-8")
        env["LOG4J_CONFIGURATION_FILE"] = str(config)
    if local:
        # Nothing leaves the machine, and the workers run this very Python, where reusecheck is installed.
        env.update(SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable)
    builder = SparkSession.builder.appName("reusecheck scan").config("spark.ui.showConsoleProgress", "false")
    if master is not None:
        builder = builder.master(master)
    if local:
        builder = builder.config("spark.ui.enabled", "false")
    handlers = _signal_handlers()
    try:
        with _environment(env):
            try:
                spark = builder.getOrCreate()
            except Exception as exc:  # Spark reports a JVM that would not start in several ways
                raise UsageError(f"Spark did not start ({_gist(str(exc))}); see its messages above") from None
        try:
            if attached:
                spark.sparkContext.setLogLevel("WARN")
            cancel = Cancel(spark.sparkContext)
            for sig in handlers:
                signal.signal(sig, cancel)
            yield spark, cancel
        finally:
            spark.stop()
    finally:
        _restore(handlers)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _signal_handlers() -> dict[int, Any]:
    if not _main_thread():
        return {}
    return {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}


def _restore(handlers: dict[int, Any]) -> None:
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set the variables the user has not set, for as long as Spark starts."""
    added = [key for key in values if key not in os.environ]
    for key in added:
        os.environ[key] = values[key]
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)


def _check_java() -> None:
    import pyspark

    needed = 17 if int(pyspark.__version__.split(".")[0]) >= 4 else 8
    hint = (f"the Spark engine needs Java {needed} or later: install it (on Debian or Ubuntu, "
            f"openjdk-17-jre-headless) or set JAVA_HOME")
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home, "bin", "java")) if home else shutil.which("java")
    if java is None or not os.access(java, os.X_OK):
        raise UsageError(f"{hint}; JAVA_HOME has no bin/java" if home else f"{hint}; there is no java on PATH")
    try:
        said = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        raise UsageError(f"{hint}; {java} would not run") from None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', said.stderr + said.stdout)
    major = int(found[1]) if found else 0
    if major == 1 and found and found[2]:
        major = int(found[2])  # 1.8 is Java 8
    if major < needed:
        raise UsageError(f"{hint}; {java} is Java {major or 'of an unknown version'}")
