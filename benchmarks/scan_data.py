"""The archive and the candidates of the scan benchmark (scan.py), with the truth of which candidate uses which article.

The archive is every article of BBC News Summary. The candidates are built from prose that is not in it:
sentences of METER show-business stories (Press Association wire copy and newspaper stories) and of
Clough-Stevenson answers, a paragraph of one to three consecutive sentences of one document at a time, the
paragraphs of one candidate drawn from many documents. A share of the candidates also embeds one to three
passages (whole consecutive sentences, 30-150 words each) of one or two archive articles, verbatim or
lightly edited: about one word in twenty swapped for a common stand-in, an inner sentence dropped, the
passages in another order than the article's. Everything is written to a work folder outside the
repository: the corpora's texts never enter it.
"""

from __future__ import annotations

import bisect
import json
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from meter import clean_pa, decode_legacy, read_story

WORD = re.compile(r"[^\W_]+")
"""Words as the truth counts them: the same runs reusecheck's tokeniser finds."""
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"')\]])\s+")
_SPACE = re.compile(r"\s+")

ARCHIVE_URL = "https://news.example/bbc/{topic}/{number}"
CANDIDATE_URL = "https://reprints.example/c/{number:05d}"
# Stand-ins for an editor's small changes; common words, so they never create a match of their own.
SWAPS = ("new", "local", "major", "recent", "several", "senior", "early", "strong", "former", "main")
MIN_PASSAGE, MAX_PASSAGE = 30, 150
"""Words of one embedded passage, before edits."""
SHARED_RUN = 10
"""Runs of this many words that two texts both have are shared text, not chance: a filler sentence with
one in an archive article is left out of the pool, and a passage with one in another article than its
own makes that pair true too (scan_data.truth)."""


@dataclass(frozen=True)
class Sentence:
    text: str
    words: tuple[str, ...]
    """Lowercased."""


def sentences_of(paragraph: str) -> list[Sentence]:
    out = []
    for part in _SENTENCE_BREAK.split(_SPACE.sub(" ", paragraph).strip()):
        words = tuple(w.lower() for w in WORD.findall(part))
        if words:
            out.append(Sentence(part, words))
    return out


def normalised(words: Iterable[str]) -> str:
    """Words joined by single spaces, with a space at each end, so that containment stops at word boundaries."""
    return " " + " ".join(words) + " "


# Archive ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    number: int
    """Position in the archive (archive order: topic folder, then file name)."""
    key: str
    """<topic>/<nnn>"""
    url: str
    title: str
    text: str
    """The body: the file's paragraphs after the title line, joined by blank lines."""
    sentences: tuple[Sentence, ...]
    encoding: str
    """How the file was decoded: utf-8, or cp1252 when it is not valid UTF-8."""

    @property
    def words(self) -> int:
        return sum(len(s.words) for s in self.sentences)


def read_bbc(path: Path) -> tuple[str, str]:
    """The text and its encoding: UTF-8, which all but one file of the corpus are; that one (sport/199) is
    cp1252, "£" as byte 0xa3. cp1252 leaves five bytes undefined: latin-1 takes any byte."""
    data = path.read_bytes()
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def load_archive(corpora: Path) -> list[Article]:
    folder = corpora / "bbc-news-summary" / "articles"
    if not folder.is_dir():
        raise FileNotFoundError(f"no BBC News Summary articles at {folder}")
    articles: list[Article] = []
    for path in sorted(folder.glob("*/*.txt")):
        raw, encoding = read_bbc(path)
        raw = raw.replace("\r\n", "\n").strip()
        title, _, body = raw.partition("\n")
        paragraphs = [_SPACE.sub(" ", p).strip() for p in _PARAGRAPH_BREAK.split(body) if p.strip()]
        text = "\n\n".join(paragraphs)
        sentences = tuple(s for p in paragraphs for s in sentences_of(p))
        topic, number = path.parent.name, path.stem
        articles.append(Article(len(articles), f"{topic}/{number}", ARCHIVE_URL.format(topic=topic, number=number),
                                title.strip(), text, sentences, encoding))
    return articles


# Filler ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FillerDoc:
    source: str
    """meter-pa:<date>/<catchline>/<file>, meter-story:<id> or clough-stevenson:<file>"""
    paragraphs: tuple[tuple[Sentence, ...], ...]


def _kept(sentence: Sentence) -> bool:
    # Headlines in capitals, bylines and one-word fragments are wire furniture, not prose.
    return len(sentence.words) >= 5 and not sentence.text.isupper() and not sentence.text.startswith("By ")


def _doc(source: str, paragraphs: Iterable[str]) -> FillerDoc | None:
    kept = tuple(p for p in (tuple(s for s in sentences_of(par) if _kept(s)) for par in paragraphs) if p)
    return FillerDoc(source, kept) if kept else None


def load_filler(corpora: Path) -> list[FillerDoc]:
    """Documents of METER (wire copy and newspaper stories) and Clough-Stevenson answers, as paragraphs of sentences."""
    docs: list[FillerDoc | None] = []
    meter = corpora / "meter-showbiz"
    if not meter.is_dir():
        raise FileNotFoundError(f"no METER show-business corpus at {meter}")
    for path in sorted((meter / "PA").glob("*/*/*/*.txt")):
        source = f"meter-pa:{path.parent.parent.name}/{path.parent.name}/{path.name}"
        docs.append(_doc(source, clean_pa(decode_legacy(path.read_bytes()))))
    for path in sorted((meter / "newspapers").glob("*/*/*/*.sgml")):
        _attributes, text, _labels = read_story(path.read_bytes())
        text = text.replace("\r\n", "\n").replace("#", "\u00a3")  # "#" is the wire's pound sign here too
        docs.append(_doc(f"meter-story:{path.stem}", _PARAGRAPH_BREAK.split(text)))
    clough = corpora / "clough-stevenson"
    if not clough.is_dir():
        raise FileNotFoundError(f"no Clough-Stevenson corpus at {clough}")
    for path in sorted(clough.glob("g*p*_task*.txt")):
        docs.append(_doc(f"clough-stevenson:{path.name}", _PARAGRAPH_BREAK.split(decode_legacy(path.read_bytes()))))
    return [d for d in docs if d is not None]


def without_shared(docs: Sequence[FillerDoc], archive: Sequence[Article]) -> tuple[list[FillerDoc], int]:
    """The documents without the sentences that share a run of SHARED_RUN words with an archive article,
    and how many sentences were left out."""
    grams: set[int] = set()
    for article in archive:
        words = [w for s in article.sentences for w in s.words]
        grams.update(hash(tuple(words[i:i + SHARED_RUN])) for i in range(len(words) - SHARED_RUN + 1))
    dropped = 0
    out = []
    for doc in docs:
        paragraphs = []
        for paragraph in doc.paragraphs:
            kept = []
            for s in paragraph:
                w = s.words
                if any(hash(w[i:i + SHARED_RUN]) in grams for i in range(len(w) - SHARED_RUN + 1)):
                    dropped += 1
                else:
                    kept.append(s)
            if kept:
                paragraphs.append(tuple(kept))
        if paragraphs:
            out.append(FillerDoc(doc.source, tuple(paragraphs)))
    return out, dropped


# Candidates ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    article: int
    kept: tuple[int, ...]
    """Indexes of the article's sentences the candidate has, in the article's order."""
    edits: tuple[str, ...]
    """"swapped" (stand-ins for about one word in twenty), "dropped" (an inner sentence left out); none: verbatim."""
    text: str
    """As embedded in the candidate."""
    reused_words: int
    """Words of the article the candidate has in place: the kept sentences' words less the swapped ones."""
    swapped: tuple[frozenset[int], ...]
    """For each kept sentence, the positions of its words that were swapped."""

    def runs(self) -> list[tuple[int, ...]]:
        """The kept sentences as runs of consecutive ones (two when a sentence was dropped)."""
        out: list[list[int]] = []
        for k in self.kept:
            if out and out[-1][-1] == k - 1:
                out[-1].append(k)
            else:
                out.append([k])
        return [tuple(run) for run in out]


@dataclass(frozen=True)
class Candidate:
    number: int
    url: str
    title: str
    text: str
    passages: tuple[Passage, ...]
    origins: tuple[str, ...]
    """Where each paragraph of the text comes from: a filler document's source, or "article:<topic>/<nnn>"."""

    def record(self) -> dict[str, str]:
        return {"url": self.url, "title": self.title, "text": self.text}


class Builder:
    def __init__(self, archive: Sequence[Article], filler: Sequence[FillerDoc], rng: random.Random) -> None:
        self.archive = archive
        self.filler = filler
        self.rng = rng
        # Articles long enough to give a passage of MIN_PASSAGE words.
        self.donors = [a for a in archive if a.words >= MIN_PASSAGE + 10]

    def candidate(self, number: int, reusing: bool) -> Candidate:
        rng = self.rng
        paragraphs, sources = self._filler(rng.randint(150, 600))
        passages: list[Passage] = []
        if reusing:
            count = rng.choice((1, 1, 2, 2, 3))
            first = rng.choice(self.donors)
            second = rng.choice(self.donors) if count > 1 and rng.random() < 0.35 else first
            articles = [first] + [first if k % 2 == 0 else second for k in range(1, count)]
            taken: dict[int, list[range]] = {}
            for article in articles:
                passage = self._passage(article, taken.setdefault(article.number, []))
                if passage is not None:
                    passages.append(passage)
            # Passages from one article in another order than the article's, as well as among the filler.
            rng.shuffle(passages)
            slots = sorted(rng.randint(0, len(paragraphs)) for _ in passages)
            for offset, (slot, passage) in enumerate(zip(slots, passages, strict=True)):
                paragraphs.insert(slot + offset, passage.text)
                sources.insert(slot + offset, f"article:{self.archive[passage.article].key}")
        title_words = rng.choice(rng.choice(self.filler).paragraphs)[0].text.split()[: rng.randint(3, 7)]
        title = " ".join(title_words).rstrip(".,;:!?\"'")
        return Candidate(number, CANDIDATE_URL.format(number=number), title, "\n\n".join(paragraphs),
                         tuple(passages), tuple(sources))

    def _filler(self, words: int) -> tuple[list[str], list[str]]:
        paragraphs, sources = [], []
        total = 0
        while total < words:
            doc = self.rng.choice(self.filler)
            paragraph = self.rng.choice(doc.paragraphs)
            start = self.rng.randrange(len(paragraph))
            chosen = paragraph[start:start + self.rng.randint(1, 3)]
            paragraphs.append(" ".join(s.text for s in chosen))
            sources.append(doc.source)
            total += sum(len(s.words) for s in chosen)
        return paragraphs, sources

    def _passage(self, article: Article, taken: list[range]) -> Passage | None:
        rng = self.rng
        sentences = article.sentences
        for _ in range(50):
            target = rng.randint(MIN_PASSAGE, MAX_PASSAGE)
            start = rng.randrange(len(sentences))
            end, words = start, 0
            while end < len(sentences) and words < target:
                more = len(sentences[end].words)
                if words >= MIN_PASSAGE and words + more > MAX_PASSAGE:
                    break
                words += more
                end += 1
            span = range(start, end)
            if not MIN_PASSAGE <= words <= MAX_PASSAGE or any(set(span) & set(r) for r in taken):
                continue
            taken.append(span)
            return self._edited(article, list(span))
        return None

    def _edited(self, article: Article, kept: list[int]) -> Passage:
        rng = self.rng
        edits = []
        roll = rng.random()
        if roll >= 0.45 and len(kept) >= 3 and rng.random() < 0.5:
            kept.pop(rng.randrange(1, len(kept) - 1))
            edits.append("dropped")
        texts = [article.sentences[k].text for k in kept]
        swapped: list[frozenset[int]] = [frozenset()] * len(kept)
        if roll >= 0.45 and (not edits or rng.random() < 0.5):
            texts, swapped = _swap_words(texts, rng)
            edits.append("swapped")
        words = sum(len(article.sentences[k].words) for k in kept) - sum(map(len, swapped))
        return Passage(article.number, tuple(kept), tuple(edits), " ".join(texts), words, tuple(swapped))


def _swap_words(texts: list[str], rng: random.Random) -> tuple[list[str], list[frozenset[int]]]:
    """About one word in twenty replaced by a stand-in; returns the texts and, for each, the positions of the
    words changed (counted as Sentence.words counts them)."""
    spans = [(i, k, m) for i, text in enumerate(texts) for k, m in enumerate(WORD.finditer(text))]
    chosen = rng.sample(spans, k=max(1, len(spans) // 20))
    by_text: dict[int, list[tuple[int, re.Match[str]]]] = {}
    for i, k, match in chosen:
        by_text.setdefault(i, []).append((k, match))
    changed: list[frozenset[int]] = [frozenset()] * len(texts)
    out = list(texts)
    for i, words in by_text.items():
        text = out[i]
        for _k, match in sorted(words, key=lambda item: item[1].start(), reverse=True):
            word = match.group()
            stand_in = rng.choice([s for s in SWAPS if s != word.lower()])
            if word[0].isupper():
                stand_in = stand_in.capitalize()
            text = text[:match.start()] + stand_in + text[match.end():]
        out[i] = text
        changed[i] = frozenset(k for k, _match in words)
    return out, changed


def build_candidates(archive: Sequence[Article], filler: Sequence[FillerDoc], count: int, reusing: float,
                     seed: int) -> list[Candidate]:
    """`count` candidates, the share `reusing` of them (at random positions) embedding archive passages."""
    rng = random.Random(seed)
    builder = Builder(archive, filler, rng)
    flags = [k < round(count * reusing) for k in range(count)]
    rng.shuffle(flags)
    return [builder.candidate(n, flag) for n, flag in enumerate(flags)]


# Truth -----------------------------------------------------------------------------------------------


OWN, REPEATED, SHARED = "own article", "repeated article", "shared text"


@dataclass
class TruePair:
    candidate: str
    original: str
    reused_words: int
    by: str
    """OWN: a passage was taken from this article. REPEATED: a whole passage (each run of its kept sentences)
    also occurs verbatim in this article, as in an article the corpus repeats. SHARED: runs of SHARED_RUN
    words or more of a passage, as the candidate has them, occur in this article (articles that share
    paragraphs, quotes or team line-ups); its reused words are the words in those runs."""
    edits: set[str] = field(default_factory=set)
    passages: int = 0


class Containment:
    """Which archive articles contain a normalised text: one string of all articles, searched with str.find."""

    def __init__(self, archive: Sequence[Article]) -> None:
        self.texts = [normalised(w for s in a.sentences for w in s.words) for a in archive]
        self.starts: list[int] = []
        at = 0
        for text in self.texts:
            self.starts.append(at)
            at += len(text) + 1
        self.joined = "\n".join(self.texts)

    def articles_with(self, text: str) -> set[int]:
        found = set()
        at = self.joined.find(text)
        while at != -1:
            found.add(bisect.bisect_right(self.starts, at) - 1)
            at = self.joined.find(text, at + 1)
        return found


def truth(candidates: Sequence[Candidate], archive: Sequence[Article]) -> dict[tuple[str, str], TruePair]:
    """The true pairs: (candidate URL, article URL) -> TruePair, the reused words counted as the candidate has
    them in place (a swapped word is not reused)."""
    contains = Containment(archive)
    pairs: dict[tuple[str, str], TruePair] = {}

    def add(candidate: Candidate, number: int, words: int, by: str, passage: Passage) -> None:
        key = (candidate.url, archive[number].url)
        pair = pairs.setdefault(key, TruePair(candidate.url, archive[number].url, 0, by))
        pair.by = min(pair.by, by, key=(OWN, REPEATED, SHARED).index)
        pair.reused_words += words
        pair.edits.update(passage.edits or ("verbatim",))
        pair.passages += 1

    runs_of = {(c.number, n): _runs_in_place(archive[p.article], p) for c in candidates
               for n, p in enumerate(c.passages)}
    holders = _gram_holders(archive, (g for runs in runs_of.values() for run in runs for g in _grams(run)))
    for candidate in candidates:
        for n, passage in enumerate(candidate.passages):
            source = archive[passage.article]
            add(candidate, passage.article, passage.reused_words, OWN, passage)
            runs = [normalised(w for k in run for w in source.sentences[k].words) for run in passage.runs()]
            repeated = {a for a in contains.articles_with(runs[0]) - {passage.article}
                        if all(run in contains.texts[a] for run in runs[1:])}
            for number in sorted(repeated):
                add(candidate, number, passage.reused_words, REPEATED, passage)
            covered: dict[int, set[int]] = {}
            at = 0
            for run in runs_of[(candidate.number, n)]:
                for i, gram in enumerate(_grams(run)):
                    if gram is not None:
                        for number in holders.get(gram, ()):
                            covered.setdefault(number, set()).update(range(at + i, at + i + SHARED_RUN))
                at += len(run)
            for number, positions in sorted(covered.items()):
                if number != passage.article and number not in repeated:
                    add(candidate, number, len(positions), SHARED, passage)
    return pairs


def _runs_in_place(article: Article, passage: Passage) -> list[list[str | None]]:
    """The passage's words as the candidate has them, run by run of consecutive kept sentences; None for a
    swapped word, which no shared run may include."""
    out: list[list[str | None]] = []
    where = {k: i for i, k in enumerate(passage.kept)}
    for run in passage.runs():
        words: list[str | None] = []
        for k in run:
            swapped = passage.swapped[where[k]]
            words += [None if j in swapped else w for j, w in enumerate(article.sentences[k].words)]
        out.append(words)
    return out


def _grams(words: Sequence[str | None]) -> list[int | None]:
    """The hash of each run of SHARED_RUN words starting at each position, None where a run has a gap."""
    out: list[int | None] = []
    for i in range(len(words) - SHARED_RUN + 1):
        window = words[i:i + SHARED_RUN]
        out.append(None if None in window else hash(tuple(window)))
    return out


def _gram_holders(archive: Sequence[Article], wanted: Iterable[int | None]) -> dict[int, set[int]]:
    """For each of the `wanted` run hashes, the archive articles that have the run."""
    want = {g for g in wanted if g is not None}
    holders: dict[int, set[int]] = {}
    for article in archive:
        words = [w for s in article.sentences for w in s.words]
        for i in range(len(words) - SHARED_RUN + 1):
            gram = hash(tuple(words[i:i + SHARED_RUN]))
            if gram in want:
                holders.setdefault(gram, set()).add(article.number)
    return holders


# Files -----------------------------------------------------------------------------------------------


def write_jsonl(path: Path, records: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def archive_records(archive: Sequence[Article]) -> Iterator[dict[str, str]]:
    for article in archive:
        yield {"url": article.url, "title": article.title, "text": article.text}


def archive_file_name(article: Article) -> str:
    return article.key.replace("/", "-") + ".txt"


def write_text_files(folder: Path, archive: Sequence[Article]) -> dict[str, str]:
    """The archive as .txt files for `reusecheck compare`, each the body its JSONL record has; file name -> URL."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for article in archive:
        name = archive_file_name(article)
        (folder / name).write_text(article.text + "\n", encoding="utf-8")
        names[name] = article.url
    return names
