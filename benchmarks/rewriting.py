"""The sentence rewriter of the controlled benchmark (controlled.py): the `rewritten` kind's sentences.

`rewrite(rng, line, common)` rewords one sentence the way a sub-editor rewrites agency copy, keeping the
word-level truth of its pieces (pieces.py). The same sentence and the same state of `rng` give the same
rewrite.

How. The sentence's words become tokens, each with the glue after it. A sentence of 4 words or more may
first be turned round (a move, at MOVE_RATE): "X, police said." -> "Police said (that) X."; '"X," he said.'
<-> 'He said: "X."'; "X, according to Y." -> "According to Y, X."; "In 2004, X." -> "X in 2004.". Then every
edit that reads well where it stands is listed:
- a word swapped (_REWRITE_SWAPS: SYNONYMS, common words of news, "could" -> "might", numbers in figures or
  in words), only where the words around it allow (_NOT_BEFORE, _NOT_AFTER, _ONLY_BEFORE, _ONLY_AFTER);
- a phrase worded otherwise ("a number of" -> "several" (_PHRASES), "5%" -> "5 per cent", "£10m" ->
  "£10 million", "did not" -> "didn't", "the US" -> "the United States");
- a genitive turned round ("Britain's economy" -> "the economy of Britain", "the end of the year" -> "the
  year's end");
- a word left out (an adverb, "that" after "said", "Mr" before a name, "who is" before a participle);
- a word added ("that" after "said", "also", "now", "about" before a number);
- a filler, which reads less well (an adjective after a determiner, a verb put in the past (_TENSES),
  "Meanwhile," in front, "and" as "as well as").
_plan takes them from the start of the sentence so that the untouched runs between two edits are mostly of
1 to 3 words (REWRITE_GAPS), a filler only where no other edit ends a run of at most REWRITE_FILL words, and
each inserted word (each group of edits) once; _apply makes them.

Truth. A rewritten sentence is derived text as a whole, so all its words are reused and so are all the words
of its source sentence:
- a kept, moved or changed word keeps the `source` of its piece (a swapped word is an edited copy of the
  word it replaces; the words of a rewording take the sources of the words they replace, in order);
- a word put in (inserted, or an extra word of a rewording) has no source and is marked `derived`;
- a word left out goes, in `covers`, with the edit's first word (else the word before, else the next one),
  so the original side still counts it as reused.
rewrite() checks that every source word of the sentence comes back exactly once, as a source or a cover, and
raises AssertionError otherwise. `common` holds the words the article writes in lower case: a capitalised
word not among them is a name, and keeps its capital when a rewrite takes it inside the sentence.

This module imports nothing of the benchmark but pieces.py.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from pieces import LOWERABLE, SYNONYMS, Line, Piece

REWRITE_GAPS = {1: 2, 2: 5, 3: 3}
"""Untouched words a rewrite aims to leave between two edits, with their weights: runs of 2 survive."""
REWRITE_FILL = 2
"""A rewrite takes a filler edit only where no other edit ends an untouched run of at most this many words."""
MOVE_RATE = 0.8
"""Chance that a sentence that can be turned round ("X, police said." -> "Police said X.") is."""


# Word tables ------------------------------------------------------------------------------------------

_MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must"})
_AUXILIARIES = frozenset({"has", "have", "had", "is", "are", "was", "were"}) | _MODALS
_DETERMINERS = frozenset({"the", "its", "his", "her", "their", "this", "our", "a", "an"})
_PREPOSITIONS = frozenset({"of", "in", "to", "for", "on", "with", "at", "by", "from", "into", "over", "under",
                           "about", "after", "before", "during", "since", "through", "against", "between"})
_LINKS = _PREPOSITIONS | _AUXILIARIES | frozenset({"and", "or", "but", "said", "says", "that", "which", "who", "as",
                                                   "than", "because", "while", "when", "if", "so"})
"""Words that start a new phrase: a noun before one of them ends its noun phrase."""
_SUBJECTS = frozenset({"he", "she", "they", "we", "i", "who"})
_PRONOUNS = frozenset({"your", "my", "you", "me", "him", "them", "us", "it"})
_CLAUSE_STARTS = frozenset({"the", "a", "an", "he", "she", "it", "they", "we", "i", "there", "this", "these",
                            "those", "his", "her", "its", "their", "our", "some", "many", "most", "no", "all"})
_CLAUSE_LINKS = frozenset({"that", "and", "but", "because", "as", "when", "if", "while", "although", "since",
                           "said", "says"})
_REPORTING = frozenset({"said", "says", "added", "adds", "told", "explained", "warned", "claimed", "insisted",
                        "argued", "admitted", "believes", "thinks"})
_THAT_VERBS = frozenset({"said", "says", "added", "believes", "believed", "thinks", "claimed", "claims", "argued",
                         "argues", "insisted", "insists", "admitted", "admits", "stated", "suggested", "feared",
                         "hoped"})
"""Verbs after which a clause may start with "that" or without it."""
_VERBS = frozenset({"said", "says", "told", "made", "won", "lost", "took", "gave", "sold", "became", "rose", "fell",
                    "wants", "believes", "thinks", "expects", "plans", "hopes"})
_PAST = frozenset({"said", "told", "made", "won", "lost", "took", "gave", "sold", "became", "rose", "fell", "went",
                   "came", "saw", "got", "found", "left", "held", "put", "set", "meant", "began", "thought", "felt",
                   "kept", "brought", "paid", "ran", "wrote", "spoke", "met", "did", "had", "was", "were",
                   "struck", "led", "fought", "built", "bought", "caught", "chose", "drew", "drove", "flew",
                   "grew", "heard", "knew", "sent", "shot", "showed", "sat", "stood", "taught", "threw",
                   "understood", "broke", "beat", "scored"})
_BASE_VERBS = frozenset({
    "find", "make", "take", "get", "give", "keep", "help", "build", "buy", "sell", "play", "win", "meet", "reach",
    "reduce", "increase", "cut", "stop", "see", "use", "work", "pay", "create", "provide", "offer", "become",
    "improve", "ensure", "raise", "protect", "allow", "boost", "support", "tackle", "develop", "attract",
    "continue", "remain", "show", "bring", "hold", "join", "launch", "change", "avoid", "introduce", "compete",
    "return", "move", "leave", "spend", "invest", "do", "be", "have", "look", "put", "set", "try", "stay", "start",
    "end", "expand", "sign", "address", "challenge", "prevent", "secure", "achieve", "deliver", "encourage",
})
"""Verbs after "to" before which a rewrite may put an adverb ("to also find")."""
_NOT_VERBS = frozenset({"last", "then", "too", "alone", "himself", "herself", "themselves", "itself", "both", "all",
                        "each", "only", "never", "always", "often", "ever", "yet", "just", "so", "however", "the",
                        "a", "an", "not", "now", "still", "since", "n", "and", "or", "to", "that", "also", "being",
                        "been", "there", "here", "more", "most", "less", "very", "much", "well", "later", "again",
                        "once", "twice", "soon", "first"})
"""Words after a subject or an auxiliary before which a rewrite puts no adverb."""
_DROPPABLE = frozenset({"also", "just", "already", "very", "really", "currently", "recently", "even"})
"""Adverbs a rewrite may leave out ("now" and "still" too, after an auxiliary)."""
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr"})
_OPENERS = frozenset({"in", "on", "at", "after", "before", "during", "following", "despite", "last", "this",
                      "earlier", "later", "for", "with", "under", "since", "by", "over", "within", "until", "from"})
"""First words of an opening phrase that a rewrite may move to the end ("In the third set, X.")."""
_CONNECTIVES = frozenset({"but", "and", "however", "meanwhile", "separately", "also", "so", "yet", "then", "in",
                          "indeed", "still", "now", "there", "if", "when", "while", "as", "although", "though"})
"""First words before which a rewrite puts no "Meanwhile," or the like."""
_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
_MONTHS = frozenset({"january", "february", "march", "april", "june", "july", "august", "september", "october",
                     "november", "december"})
_PERIODS = frozenset({"year", "month", "week", "quarter", "period", "summer", "winter", "spring", "autumn",
                      "season", "first", "second", "third", "fourth", "final", "last", "next", "previous"})
_BEFORE_NUMBER = frozenset({"of", "by", "to", "with", "for", "at", "from", "cost", "paid", "spent", "raised"})
_MONEY = re.compile(r"(\d+)(m|bn)")
_YEAR = re.compile(r"(19|20)\d\d")
_APOSTROPHES = ("'", "\u2019")

_REWRITE_SWAPS = {
    **SYNONYMS,
    "could": "might", "may": "might", "might": "may", "can": "could", "because": "as", "although": "though",
    "while": "whilst", "whilst": "while", "among": "amongst", "amongst": "among", "following": "after",
    "after": "following", "but": "yet", "next": "coming", "last": "previous", "which": "that", "only": "just",
    "across": "throughout", "many": "numerous", "each": "every", "every": "each", "nearly": "almost",
    "almost": "nearly", "often": "frequently", "usually": "normally", "mainly": "largely", "largely": "mainly",
    "particularly": "especially", "especially": "particularly", "completely": "entirely", "totally": "entirely",
    "currently": "presently", "finally": "eventually", "main": "principal", "total": "overall",
    "current": "present", "previous": "earlier", "similar": "comparable", "top": "leading", "leading": "top",
    "international": "global", "global": "worldwide", "think": "believe", "believe": "think", "thinks": "believes",
    "want": "wish", "wants": "wishes", "allowed": "permitted", "allow": "permit", "remain": "stay",
    "remains": "stays", "tried": "attempted", "needed": "required", "game": "match", "deal": "agreement",
    "agreement": "deal", "boss": "chief", "bosses": "chiefs", "increase": "rise", "programme": "show",
    "talks": "negotiations", "attempt": "bid", "problem": "issue", "problems": "issues", "issue": "matter",
    "issues": "matters", "country": "nation", "countries": "nations", "survey": "poll", "growth": "expansion",
    "customers": "clients", "workers": "staff", "employees": "staff", "fans": "supporters",
    "supporters": "backers", "team": "side", "season": "campaign", "album": "record", "song": "track",
    "songs": "tracks", "band": "group", "award": "prize", "awards": "prizes", "spokesman": "spokesperson",
    "phone": "handset", "phones": "handsets", "website": "site", "websites": "sites", "industry": "sector",
    "sector": "industry", "businesses": "firms", "money": "cash", "cash": "money", "cuts": "reductions",
    "prices": "costs", "rules": "regulations", "government": "administration", "whether": "if", "around": "about",
    "about": "around", "some": "about", "in": "during", "called": "named", "good": "positive",
    "found": "discovered", "strong": "robust", "thought": "believed", "real": "genuine", "announced": "unveiled",
    "price": "cost", "result": "outcome", "within": "inside", "wanted": "wished", "trying": "attempting",
    "annual": "yearly", "growing": "rising", "quite": "fairly", "movie": "film", "whole": "entire",
    "impact": "effect", "helped": "assisted", "extra": "additional", "comments": "remarks",
    "opportunity": "chance", "concerned": "worried", "tough": "difficult", "happy": "pleased",
    "concerns": "worries", "soon": "shortly", "easy": "simple", "likely": "expected", "its": "the",
    "their": "the", "his": "the", "her": "the",
    **{w: str(k) for k, w in enumerate(_NUMBER_WORDS, 2)}, **{str(k): w for k, w in enumerate(_NUMBER_WORDS, 2)},
}
"""Words a rewrite may replace: SYNONYMS, common words of news, and numbers in figures or in words."""
_WEAK_SWAPS = frozenset({"its", "their", "his", "her"})
"""Swaps that lose a little meaning (a possessive made "the"): taken less often."""
_NOT_BEFORE: dict[str, frozenset[str]] = {
    **dict.fromkeys(("many", "each", "every", "total"), frozenset({"of", "other", "one"})),
    "deal": frozenset({"with"}), "told": frozenset({"to"}), "added": frozenset({"that"}),
    "leading": frozenset({"to", "the", "a", "an"}), "whether": frozenset({"to", "or"}),
    "found": frozenset({"guilty", "dead", "himself", "herself", "themselves"}), "growing": frozenset({"up"}),
    "its": frozenset({"own"}), "their": frozenset({"own"}), "announced": frozenset({"that", "it", "on"}),
}
"""A swap is left out before these words (its word would change sense: "deal with", "found guilty")."""
_NOT_AFTER: dict[str, frozenset[str]] = {
    **dict.fromkeys(("following", "only", "help", "remains"), _DETERMINERS),
    **dict.fromkeys(("issue", "issues"), frozenset({"to"})),
    "increase": _MODALS | {"to", "not"}, "many": frozenset({"as", "so", "too", "how"}), "top": frozenset({"on"}),
    "whole": frozenset({"a"}), "which": _PREPOSITIONS,
}
"""A swap is left out after these words."""
_ONLY_BEFORE: dict[str, Callable[[str], bool]] = {
    **dict.fromkeys(("want", "wants", "wanted", "trying", "likely", "hopes"), lambda nxt: nxt == "to"),
    **dict.fromkeys(("around", "about", "some"), lambda nxt: nxt[:1].isdigit()),
    **dict.fromkeys(("its", "their", "his", "her"),
                    lambda nxt: nxt.isalpha() and nxt.islower() and not nxt.endswith("ing")
                    and nxt not in _LINKS | _DETERMINERS | _PERIODS | {"s", "own", "time", "morning", "weekend"}),
    "after": lambda nxt: nxt in _DETERMINERS,
    "in": lambda nxt: nxt.lower() in _MONTHS or bool(_YEAR.fullmatch(nxt)),
    "called": lambda nxt: nxt[:1].isupper(),
    "government": lambda nxt: nxt == "" or nxt.lower() in _LINKS | _VERBS or nxt.endswith("ed"),
    "international": lambda nxt: nxt.isalpha() and nxt.islower() and nxt not in _LINKS,
    "shows": lambda nxt: nxt in _DETERMINERS | {"that", "how", "no"},
    "needed": lambda nxt: nxt != "to",
}
"""A swap is taken only when the next word (as written; "" after punctuation) passes the test."""
_ONLY_AFTER: dict[str, Callable[[str], bool]] = {
    **dict.fromkeys(("next", "last", "recent", "latest"), lambda prev: prev in _DETERMINERS),
    "likely": lambda prev: prev in _AUXILIARIES,
}
"""A swap is taken only when the word before passes the test."""
_PAST_ONLY = frozenset({"chose", "began"})
"""Replacements that are past forms only (not participles): taken only right after a subject."""

_CONTRACTIONS = {
    **{(w, "not"): (w + "n", "t") for w in ("do", "does", "did", "is", "was", "were", "are", "has", "have", "had",
                                            "would", "could", "should")},
    ("will", "not"): ("won", "t"), ("i", "am"): ("I", "m"), ("we", "are"): ("we", "re"),
    ("they", "are"): ("they", "re"), ("you", "are"): ("you", "re"), ("it", "is"): ("it", "s"),
    ("that", "is"): ("that", "s"), ("there", "is"): ("there", "s"), ("he", "is"): ("he", "s"),
    ("she", "is"): ("she", "s"), ("i", "will"): ("I", "ll"), ("we", "will"): ("we", "ll"),
    ("they", "will"): ("they", "ll"), ("i", "would"): ("I", "d"),
}
_EXPANSIONS = {
    **{v: k for k, v in _CONTRACTIONS.items() if v[1] not in ("s", "d")},
    ("i", "ve"): ("I", "have"), ("we", "ve"): ("we", "have"), ("they", "ve"): ("they", "have"),
    ("that", "s"): ("that", "is"), ("there", "s"): ("there", "is"), ("let", "s"): ("let", "us"),
}
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("has", "been"): ("was",), ("have", "been"): ("were",), ("a", "number", "of"): ("several",),
    ("such", "as"): ("like",), ("including",): ("such", "as"), ("due", "to"): ("because", "of"),
    ("because", "of"): ("due", "to"), ("in", "order", "to"): ("to",), ("despite",): ("in", "spite", "of"),
    ("so", "that"): ("so",), ("as", "well", "as"): ("and",), ("chief", "executive"): ("boss",),
    ("again",): ("once", "more"), ("should",): ("ought", "to"), ("around", "the", "world"): ("worldwide",),
    ("at", "the", "moment"): ("currently",), ("as", "a", "result"): ("consequently",),
    ("a", "lot", "of"): ("lots", "of"), ("along", "with"): ("alongside",), ("before",): ("ahead", "of"),
}
"""Phrases a rewrite may word otherwise (where the words around fit: _phrase_fits)."""
_NOT_HEADS = frozenset({"rest", "number", "lot", "majority", "most", "some", "part", "half", "one", "all", "each",
                        "first", "last", "same", "kind", "sort", "type", "case", "fact", "way", "time", "use",
                        "hands", "eve", "wake", "tip", "top", "bottom", "middle", "state", "course", "side"})
"""Nouns that "the X of the Y" keeps ("the rest of the world" does not become "the world's rest")."""

_TENSES = {"is": ("was",), "are": ("were",), "has": ("had",), "have": ("had",), "will": ("would",),
           "was": ("had", "been"), "were": ("had", "been")}
"""Filler: verbs put in the past, as reported speech does."""
_ADJECTIVES = {
    "the": ("key", "main", "current"), "a": ("key", "major", "significant"), "an": ("important", "additional"),
    "its": ("own", "latest", "current"), "their": ("own", "latest", "current"), "his": ("own", "latest"),
    "her": ("own", "latest"),
}
"""Filler: adjectives put between a determiner and its noun."""
_NOT_QUALIFIED = frozenset({
    "first", "second", "third", "fourth", "last", "next", "same", "most", "best", "only", "other", "whole",
    "entire", "own", "lot", "few", "number", "bit", "little", "couple", "result", "row", "way", "time", "end",
    "rest", "case", "fact", "moment", "past", "future", "world", "name", "start", "beginning", "middle", "more",
    "less", "new", "further", "major", "key", "main", "latest", "current", "wider", "significant", "important",
    "additional", "s", "t", "then", "such", "half", "part", "kind", "sort", "type", "so", "previous", "earlier",
    "following", "coming", "recent", "former", "late", "early", "big", "small", "large", "huge", "good", "bad",
    "high", "low", "long", "short", "old", "young", "great", "very", "real", "full", "free", "top", "final",
    "general", "public", "national", "local", "foreign", "several", "various", "certain", "unique", "total", "well",
    "one", "day", "year", "month", "week", "quarter", "season", "period", "summer", "winter", "spring", "autumn",
    "weekend", "night", "morning", "evening", "afternoon", "hour",
})
"""Words after a determiner that get no filler adjective (fixed phrases, ordinals, adjectives, times)."""
_ADJECTIVE_ENDINGS = ("est", "ly", "ive", "ous", "ful", "less", "able", "ible", "ique", "ic", "ed", "ish", "ial",
                      "ical", "ant", "ent", "ary")


# Tokens, edits and the rewrite ------------------------------------------------------------------------

Out = tuple[tuple[str, int | None, str | None], ...]
"""The words an edit writes: (text, the token it rewrites or None when it is new, the glue after it or None for
the usual: a space, or after the last word the glue that ended the tokens it rewrites)."""
Moved = tuple[str, list["_Token"]] | None
"""A sentence's lead glue and tokens after a move, or None when the move does not fit the sentence."""


@dataclass
class _Token:
    """A word of a sentence being rewritten, and the glue after it."""

    piece: Piece
    after: str

    @property
    def text(self) -> str:
        return self.piece.text

    @property
    def lower(self) -> str:
        return self.piece.text.lower()

    def say(self, text: str, after: str | None = None) -> _Token:
        """The same word (same source) written `text`, followed by `after` (by the same glue when None)."""
        p = self.piece
        return _Token(Piece(text, True, p.source, p.derived, p.covers), self.after if after is None else after)


@dataclass(frozen=True)
class _Edit:
    start: int
    """The first token it rewrites; for an inserted word, the token after which it goes."""
    end: int
    """The token after those it rewrites; an insertion has end == start. Tokens it does not write are left out."""
    out: Out
    weight: int = 3
    filler: bool = False
    """An edit that reads less well: taken only where no other edit is near (REWRITE_FILL)."""
    group: str = ""
    """Edits of one group (not ""): at most one per sentence."""

    @property
    def insertion(self) -> bool:
        return self.end == self.start

    @property
    def run_end(self) -> int:
        """The untouched run of words before it ends here."""
        return self.start + 1 if self.insertion else self.start

    @property
    def resume(self) -> int:
        """The first token after it."""
        return self.start + 1 if self.insertion else self.end

    @property
    def taken(self) -> frozenset[int]:
        """The tokens, and the glue after them, that it changes: no other edit may touch them."""
        return frozenset({self.start} if self.insertion else range(self.start, self.end))


def rewrite(rng: random.Random, line: Line, common: frozenset[str] = frozenset()) -> Line:
    """The sentence rewritten around fragments of its words: maybe turned round, then an edit every 2-4 words
    where one fits.

    Its words are all derived (reused): kept and changed words keep their source, inserted words are marked
    derived, and each word left out is carried by a neighbour's `covers`, so every word of the source sentence
    stays reused. `common` holds the words the article writes in lower case (the others are names).
    """
    lead, tokens = _tokens(line)
    if len(tokens) >= 4 and rng.random() < MOVE_RATE:
        for move in (_move_attribution, _move_speaker, _move_opening):
            moved = move(rng, lead, tokens, common)
            if moved:
                lead, tokens = moved
                break
    out = _apply(lead, tokens, _plan(rng, _Sentence(lead, tokens, common).edits(rng)), common)
    expected = sorted(p.source for p in line if p.word and p.source is not None)
    got = sorted(i for p in out if p.word for i in ((p.source,) if p.source is not None else ()) + p.covers)
    if got != expected:
        raise AssertionError("a rewrite lost or doubled a word of its sentence")
    return out


def _tokens(line: Line) -> tuple[str, list[_Token]]:
    lead = "" if line[0].word else line[0].text
    tokens: list[_Token] = []
    for piece in line[0 if line[0].word else 1:]:
        if piece.word:
            tokens.append(_Token(piece, ""))
        else:
            tokens[-1].after += piece.text
    return lead, tokens


def _recased(word: str, like: str) -> str:
    """`word` with the case of `like` (all capitals, first capital, or as it is)."""
    if len(like) > 1 and like.isupper() and len(word) > 1:
        return word.upper()
    return word[0].upper() + word[1:] if like[0].isupper() else word


def _is_name(word: str, common: frozenset[str]) -> bool:
    """Whether a capitalised word stays capitalised inside a sentence: "I", capitals, or a word that the article
    never writes in lower case (and that is not one of the usual first words, LOWERABLE)."""
    return word == "I" or (len(word) > 1 and word.isupper()) or (word.lower() not in common
                                                                  and word not in LOWERABLE)


def _lowered(token: _Token, common: frozenset[str]) -> _Token:
    """The token written as a word inside a sentence: lower-cased unless it is a name."""
    return token if _is_name(token.text, common) else token.say(token.text[0].lower() + token.text[1:])


def _capitalised(token: _Token) -> _Token:
    return token.say(token.text[0].upper() + token.text[1:])


# Moves: the sentence turned round; the words keep their sources, a "that" put in is derived.


def _move_attribution(rng: random.Random, lead: str, tokens: list[_Token], common: frozenset[str]) -> Moved:
    """ "X, police said." -> "Police said (that) X."; '"X," he said.' -> 'He said: "X."'; "X, according to Y."
    -> "According to Y, X."; "X, said Mr Y." -> "Mr Y said X." """
    quoted = lead == '"'
    if tokens[-1].after != "." or lead not in ("", '"'):
        return None
    for m in range(len(tokens) - 1, 0, -1):
        if tokens[m - 1].after == (',\" ' if quoted else ", "):
            break
        if any(c in tokens[m - 1].after for c in ',;:"'):
            return None
    else:
        return None
    main, tail = tokens[:m], tokens[m:]
    if not 2 <= len(tail) <= 6 or len(main) < 4 or any('"' in t.after for t in main[:-1]):
        return None
    words = [t.lower for t in tail]
    according = words[:2] == ["according", "to"]
    if according and quoted:
        return None
    if words[0] in ("said", "says", "added", "adds"):
        tail = tail[1:] + tail[:1]  # said Mr Y -> Mr Y said
    elif not according and (words[0] in _REPORTING or not any(w in _REPORTING for w in words[1:])):
        return None
    tail = [t.say(t.text, " ") for t in tail]
    tail[0] = _capitalised(tail[0])
    main = [t.say(t.text) for t in main]
    if quoted:
        tail[-1].after, main[-1].after = ': "', '."'
        return "", tail + main
    main[0] = _lowered(main[0], common)
    main[-1].after = "."
    if according:
        tail[-1].after = ", "
    elif tail[-1].lower not in _REPORTING or rng.random() < 0.5:
        tail.append(_Token(Piece("that", True, derived=True), " "))
    return "", tail + main


def _move_speaker(rng: random.Random, lead: str, tokens: list[_Token], common: frozenset[str]) -> Moved:
    """'He said: "X."' -> '"X," he said.' (a question or an exclamation keeps its mark)."""
    m = next((k + 1 for k, t in enumerate(tokens[:6]) if t.after == ': "'), 0)
    speaker, quote = tokens[:m], tokens[m:]
    if lead or not 2 <= m <= 5 or len(quote) < 3 or quote[-1].after not in ('."', '?"', '!"') \
            or not any(t.lower in _REPORTING for t in speaker) or any(t.after != " " for t in speaker[:-1]) \
            or any('"' in t.after for t in quote[:-1]):
        return None
    end = quote[-1].after
    speaker = [t.say(t.text, " ") for t in speaker]
    speaker[0] = _lowered(speaker[0], common)
    speaker[-1].after = "."
    quote = [t.say(t.text) for t in quote]
    quote[-1].after = '," ' if end == '."' else end + " "
    return '"', quote + speaker


def _move_opening(rng: random.Random, lead: str, tokens: list[_Token], common: frozenset[str]) -> Moved:
    """ "In the third set, X." -> "X in the third set." (an opening phrase of 2-5 words goes to the end)."""
    m = next((k + 1 for k, t in enumerate(tokens[:6]) if t.after != " "), 0)
    opening, rest = tokens[:m], tokens[m:]
    if lead or not 2 <= m <= 5 or tokens[m - 1].after != ", " or opening[0].lower not in _OPENERS \
            or len(rest) < 4 or tokens[-1].after != "." or any('"' in t.after for t in rest):
        return None
    rest = [t.say(t.text) for t in rest]
    rest[0] = _capitalised(rest[0])
    rest[-1].after = " "
    opening = [t.say(t.text) for t in opening]
    opening[0] = _lowered(opening[0], common)
    opening[-1].after = "."
    return "", rest + opening


# Edits.


class _Sentence:
    """The tokens of one sentence, and the edits that fit them."""

    def __init__(self, lead: str, tokens: list[_Token], common: frozenset[str]) -> None:
        self.lead, self.tokens, self.common = lead, tokens, common
        self.found: list[_Edit] = []

    def text(self, i: int) -> str:
        """Token i as written ("" outside the sentence)."""
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def word(self, i: int) -> str:
        return self.text(i).lower()

    def glue(self, i: int) -> str:
        """The glue after token i; before the first, the lead."""
        return self.tokens[i].after if 0 <= i < len(self.tokens) else self.lead if i < 0 else ""

    def spaced(self, i: int, j: int) -> bool:
        """Whether tokens i..j-1 are joined by single spaces."""
        return all(self.glue(k) == " " for k in range(i, j - 1))

    def ends_phrase(self, k: int) -> bool:
        """Whether token k is the last of its noun phrase (punctuation or a link word follows)."""
        return any(c in self.glue(k) for c in ",.;:)") or self.word(k + 1) in _LINKS

    def rephrase(self, i: int, j: int, *out: tuple[str, int | None, str | None], weight: int = 3,
                 filler: bool = False, group: str = "") -> None:
        self.found.append(_Edit(i, j, out, weight, filler, group))

    def insert(self, i: int, text: str, weight: int = 3, filler: bool = False, group: str = "") -> None:
        self.found.append(_Edit(i, i, ((text, None, None),), weight, filler, group or text))

    def edits(self, rng: random.Random) -> list[_Edit]:
        """Every edit that fits the sentence."""
        for i in range(len(self.tokens)):
            self._replacements(i)
            self._phrases(i)
            self._genitives(i)
            self._omissions(i)
            if self.glue(i) == " " and i + 1 < len(self.tokens):
                self._insertions(rng, i)
            self._fillers(rng, i)
        return self.found

    def _replacements(self, i: int) -> None:
        """A word replaced, or written in other words (keeping its source; new words derived)."""
        w, token, after, before = self.word(i), self.tokens[i], self.glue(i), self.glue(i - 1)
        nxt, following = self.word(i + 1), self.text(i + 1)
        if w in _REWRITE_SWAPS and (i == 0 or not token.text[0].isupper()) and self._swap_fits(i):
            self.rephrase(i, i + 1, (_recased(_REWRITE_SWAPS[w], token.text), i, None),
                          weight=1 if w in _WEAK_SWAPS else 3)
        money = before[-1:] in ("£", "$", "€", ".")  # an amount: £10m, $1.5bn
        amount = _MONEY.fullmatch(w)
        if amount and money:  # £10m -> £10 million
            unit = "million" if amount.group(2) == "m" else "billion"
            self.rephrase(i, i + 1, (amount.group(1), i, None), (unit, None, None))
        if w.isdigit() and after == " " and nxt in ("million", "billion") and money:
            self.rephrase(i, i + 2, (w + ("m" if nxt == "million" else "bn"), i, None))
        if w.isdigit() and after.startswith("%"):  # 5% -> 5 per cent
            self.rephrase(i, i + 1, (w, i, None), ("per", None, None), ("cent", None, after[1:]))
        if w.isdigit() and len(w) <= 3 and after == "," and len(nxt) == 3 and nxt.isdigit() \
                and self.glue(i + 1)[:1] != "," and before[-1:] != ",":  # 20,000 -> 20000
            self.rephrase(i, i + 2, (w + nxt, i, None))
        if after == " " and (w, nxt) in _CONTRACTIONS and following:
            first, second = _CONTRACTIONS[(w, nxt)]
            self.rephrase(i, i + 2, (_recased(first, token.text), i, "'"), (second, i + 1, None))
        if after in _APOSTROPHES and (w, nxt) in _EXPANSIONS:
            first, second = _EXPANSIONS[(w, nxt)]
            self.rephrase(i, i + 2, (_recased(first, token.text), i, None), (second, i + 1, None))
        if w == "can" and after in _APOSTROPHES and nxt == "t":
            self.rephrase(i, i + 2, (_recased("cannot", token.text), i, None))
        if w == "cannot":
            self.rephrase(i, i + 1, (_recased("can", token.text), i, "'"), ("t", None, None))
        inside = i > 0 and token.text.islower()
        if inside and w == "more" and after == " " and nxt == "than" and self.glue(i + 1) in (" ", " £", " $") \
                and self.word(i + 2)[:1].isdigit():
            self.rephrase(i, i + 2, ("over", i, None))
        if inside and w == "over" and after in (" ", " £", " $") and following[:1].isdigit() \
                and not _YEAR.fullmatch(following):
            self.rephrase(i, i + 1, ("more", i, None), ("than", None, None))
        if inside and w == "in" and after == " " and nxt == "the" and self.glue(i + 1) == " " \
                and self.word(i + 2) in _PERIODS:
            self.rephrase(i, i + 1, ("during", i, None))
        if w == "the" and after == " " and following in ("US", "UK") and self.glue(i + 1)[:1] not in _APOSTROPHES:
            self.rephrase(i + 1, i + 2, ("United", i + 1, None),
                          ("States" if following == "US" else "Kingdom", None, None))
        if w == "the" and self.spaced(i, i + 3) and following == "United" and self.word(i + 2) in ("states", "kingdom"):
            self.rephrase(i + 1, i + 3, ("US" if self.word(i + 2) == "states" else "UK", i + 1, None))
        if inside and w == "that" and before == " " and nxt in _AUXILIARIES and self.word(i - 1).isalpha() \
                and self.word(i - 1) not in _THAT_VERBS | _REPORTING | _LINKS | _NOT_VERBS | {"such", "fact"} \
                and not self.word(i - 1).endswith("ed"):  # the land that is -> the land which is
            self.rephrase(i, i + 1, ("which", i, None), weight=2)
        if w == "and" and before == ", " and nxt in _CLAUSE_STARTS and (following.islower() or following == "I"):
            self.rephrase(i, i + 1, ("while", i, None))

    def _swap_fits(self, i: int) -> bool:
        """Whether the swap of word i reads well where it stands."""
        w, before, after = self.word(i), self.glue(i - 1), self.glue(i)
        replacement = _REWRITE_SWAPS[w]
        prev, nxt = self.word(i - 1), self.word(i + 1)
        if any(c in before[-1:] + after[:1] for c in "-/'\u2019"):
            return False
        if prev in ("a", "an") and replacement.startswith(tuple("aeiou")) != w.startswith(tuple("aeiou")):
            return False
        if nxt in _NOT_BEFORE.get(w, ()) or prev in _NOT_AFTER.get(w, ()):
            return False
        if w in _ONLY_BEFORE and not _ONLY_BEFORE[w](self.text(i + 1) if after == " " else ""):
            return False
        if w in _ONLY_AFTER and not _ONLY_AFTER[w](prev):
            return False
        if replacement in _PAST_ONLY and not (prev in _SUBJECTS | {"it"} or self.text(i - 1)[:1].isupper()):
            return False
        if w == "but":
            return i > 0 and before in (" ", ", ")
        if w == "which":
            return before == " "
        if w.isdigit() or w in _NUMBER_WORDS:
            return i > 0 and before == " " and after == " " and nxt[:1].isalpha()
        return True

    def _phrases(self, i: int) -> None:
        """A phrase worded otherwise ("a number of" -> "several"): its first words keep their sources."""
        for phrase, wording in _PHRASES.items():
            j = i + len(phrase)
            if tuple(self.word(k) for k in range(i, j)) == phrase and self.spaced(i, j) \
                    and self._phrase_fits(phrase, i):
                self.rephrase(i, j, *((_recased(t, self.text(i)) if k == 0 else t,
                                       i + k if k < len(phrase) else None, None) for k, t in enumerate(wording)))

    def _phrase_fits(self, phrase: tuple[str, ...], i: int) -> bool:
        prev, after = self.word(i - 1), self.word(i + len(phrase))
        if phrase in (("has", "been"), ("have", "been")):
            return i > 0 and after.isalpha() and prev not in _MODALS | {"to", "i", "not", "never", "t"}
        if phrase == ("due", "to"):
            return after in _DETERMINERS
        if phrase == ("including",):
            return after in _DETERMINERS or after[:1].isdigit()
        if phrase == ("chief", "executive"):
            return prev in _DETERMINERS
        if phrase == ("such", "as"):
            return prev not in ("as", "is", "was")
        if phrase == ("before",):
            return i > 0 and (after in _DETERMINERS or after in _MONTHS or after[:1].isdigit())
        if phrase == ("should",):
            return i > 0 and after.isalpha() and after not in _LINKS | _DROPPABLE | {"not", "now", "still", "t"}
        return i > 0

    def _genitives(self, i: int) -> None:
        """A genitive turned round, where the noun phrase ends: "Britain's economy" -> "the economy of Britain",
        "the firm's profits" -> "the profits of the firm", "the end of the year" -> "the year's end"."""
        tokens, n = self.tokens, len(self.tokens)
        for size in (1, 2):  # the words of Y in X's Y
            y = range(i + 2, i + 2 + size)
            if not (y[-1] < n and self.glue(i) in _APOSTROPHES and self.word(i + 1) == "s" and self.glue(i + 1) == " "
                    and all(tokens[k].text.isalpha() and tokens[k].text.islower() for k in y)
                    and self.spaced(y[0], y[-1] + 1) and self.ends_phrase(y[-1])):
                continue
            x = tokens[i].text
            ys = tuple((tokens[k].text, k, None) for k in y)
            if x[0].isupper() and x.isalpha() and _is_name(x, self.common) and (
                    i == 0 or (self.glue(i - 1) == " " and not tokens[i - 1].text[0].isupper()
                               and self.word(i - 1) not in ("the", "a", "an"))):
                self.rephrase(i, y[-1] + 1, ("the", None, None), *ys, ("of", None, None), (x, i, None))
            elif x.isalpha() and x.islower() and self.word(i - 1) == "the" and self.glue(i - 1) == " ":
                self.rephrase(i - 1, y[-1] + 1, (self.text(i - 1), i - 1, None), *ys, ("of", None, None),
                              ("the", None, None), (x, i, None))
        # the x of the Y -> the Y's x
        if i + 4 < n and self.word(i) == "the" and self.spaced(i, i + 5) and self.word(i + 2) == "of" \
                and self.word(i + 3) == "the" and self.text(i + 1).isalpha() and self.text(i + 1).islower() \
                and self.word(i + 1) not in _NOT_HEADS and len(self.word(i + 1)) > 2 and self.text(i + 4).isalpha() \
                and not self.word(i + 4).endswith("ss") and self.ends_phrase(i + 4) and not self.text(i + 4).isupper():
            owner = self.text(i + 4)
            plural = owner.endswith("s") and owner.islower()
            self.rephrase(i, i + 5, (self.text(i), i, None), (owner, i + 4, "' " if plural else "'"),
                          *(() if plural else (("s", None, None),)), (self.text(i + 1), i + 1, None))

    def _omissions(self, i: int) -> None:
        """A word left out: an adverb, "that" after "said", a title before a name, "who is" before a participle."""
        w, after, before = self.word(i), self.glue(i), self.glue(i - 1)
        inside = i > 0 and self.text(i).islower()
        if (inside and before == " " and after == " "
                and (w in _DROPPABLE or (w in ("now", "still") and self.word(i - 1) in _AUXILIARIES)
                     or (w == "that" and self.word(i - 1) in _THAT_VERBS and self.word(i + 1) in _CLAUSE_STARTS))) \
                or (self.text(i) in _TITLES and after == " " and self.text(i + 1)[:1].isupper()
                    and (i == 0 or before == " ")):
            self.rephrase(i, i + 1)
        if w in ("who", "which") and i > 0 and before in (" ", ", ") \
                and self.word(i + 1) in ("is", "was", "are", "were") and self.spaced(i, i + 3) \
                and (self.word(i + 2).endswith("ed") or self.word(i + 2)[:1].isdigit()):
            self.rephrase(i, i + 2)

    def _insertions(self, rng: random.Random, i: int) -> None:
        """A word added after word i (followed by a space): "that", an adverb, "about" before a number."""
        w, before, token = self.word(i), self.glue(i - 1), self.tokens[i]
        nxt, following = self.word(i + 1), self.text(i + 1)
        inside = i > 0 and token.text.islower()
        if inside and w in _THAT_VERBS and before == " " and nxt in _CLAUSE_STARTS \
                and (following.islower() or following == "I"):
            self.insert(i, "that")
        plain = following.isalpha() and following.islower() and nxt not in _DROPPABLE | _NOT_VERBS \
            and not nxt.endswith("ly")  # a verb, most likely
        if plain and inside and (w in _MODALS | {"is", "are", "was", "were"}
                                 or (w in ("has", "have", "had") and (nxt.endswith(("ed", "en")) or nxt == "been"))):
            perfect = w in ("has", "have", "had")
            for adverb, weight in (("also", 4), ("now", 2), ("still", 1), ("already", 1), ("since", 1)):
                if perfect or adverb not in ("already", "since"):
                    self.insert(i, adverb, weight)
        clause_start = i == 0 or before.endswith((", ", ": ")) or self.word(i - 1) in _CLAUSE_LINKS
        if plain and self.glue(i + 1)[:1] not in _APOSTROPHES and nxt not in _AUXILIARIES \
                and (w in _SUBJECTS or (w == "which" and before == ", ") or (w == "it" and clause_start)) \
                and self.word(i - 1) not in ("to", "for", "with", "than", "as"):
            past = nxt.endswith("ed") or nxt in _PAST
            for adverb, weight in (("also", 4), ("later", 1)) if past else (("also", 4), ("now", 2), ("still", 1)):
                self.insert(i, adverb, weight)
        transitive = self.word(i + 2) in _DETERMINERS | _SUBJECTS | {"that", "to", "it", "them", "him", "up", "out"} \
            or self.word(i + 2)[:1].isdigit()
        if plain and w.isalpha() and i > 0 and (
                (token.text[0].isupper() and token.text not in _TITLES
                 and (nxt in _VERBS or (nxt.endswith("ed") and len(nxt) >= 5)))
                or (w.endswith("s") and not w.endswith(("ss", "us", "is")) and self.word(i - 1) in _DETERMINERS
                    and (nxt in _VERBS or (nxt.endswith("ed") and transitive)))):
            self.insert(i, "also", 2)  # Smith also said, the shares also rose
        if inside and w == "to" and plain and nxt in _BASE_VERBS and self.word(i - 1) not in (
                "going", "able", "have", "has", "had", "used", "due", "likely", "set", "ought"):
            for adverb in ("also", "actually"):
                self.insert(i, adverb, 1)
        if w in _BEFORE_NUMBER and (following.isdigit() or _MONEY.fullmatch(following)) \
                and not _YEAR.fullmatch(following) and self.glue(i + 1)[:1] not in ("-", ":", "/") \
                and not self.text(i + 2)[:1].isupper():
            self.insert(i, rng.choice(("about", "around", "some")), 1)
        if plain and w.isalpha() and token.text.islower() and nxt.endswith("ed") and len(nxt) >= 5 and transitive \
                and w not in _LINKS | _DETERMINERS | _NOT_VERBS | {"be", "been", "being", "to"} \
                and not w.endswith("ly"):
            for adverb in ("also", "later", "recently"):
                self.insert(i, adverb, 1, filler=True)  # the company also reported a ...

    def _fillers(self, rng: random.Random, i: int) -> None:
        """Edits that read less well: an opening "Meanwhile,", an adjective after a determiner, a verb put in the
        past, "the" left out before a plural, "and" as "as well as", "new" as "fresh"."""
        w, after, before, token = self.word(i), self.glue(i), self.glue(i - 1), self.tokens[i]
        nxt, following = self.word(i + 1), self.text(i + 1)
        inside = i > 0 and token.text.islower()
        if i == 0 and not self.lead and token.text[0].isupper() and w not in _CONNECTIVES and after == " " \
                and len(self.tokens) > 6 and not _is_name(token.text, self.common):
            *words, last = rng.choice(("Meanwhile", "Separately", "In addition")).split()
            self.rephrase(0, 1, *((t, None, None) for t in words), (last, None, ", "),
                          (token.text[0].lower() + token.text[1:], 0, None), weight=1, filler=True)
        if w in _ADJECTIVES and after == " " and nxt.isalpha() and following.islower() \
                and not nxt.endswith(_ADJECTIVE_ENDINGS) and nxt not in _NOT_QUALIFIED \
                and self.word(i - 1) not in ("one", "all", "of") | _ADJECTIVES.keys() and self.ends_phrase(i + 1):
            for adjective in _ADJECTIVES[w]:
                self.insert(i, adjective, 1, filler=True, group="adjective")
        if inside and w in _TENSES and after == " " and nxt not in _NOT_VERBS and not nxt.endswith("ly") \
                and self.word(i - 1) not in _MODALS | {"to", "not", "never", "t", "s"}:
            self.rephrase(i, i + 1, *((t, i if k == 0 else None, None) for k, t in enumerate(_TENSES[w])),
                          weight=1, filler=True)
        if inside and w == "who" and before == " " and self.text(i - 1).isalpha() and self.text(i - 1).islower() \
                and self.word(i - 1) not in _LINKS | _DETERMINERS | {"those", "anyone", "someone", "everyone", "one"}:
            self.rephrase(i, i + 1, ("that", i, None), weight=1, filler=True)
        if w == "the" and self.word(i - 1) in _PREPOSITIONS and before == " " and after == " " and nxt.isalpha() \
                and following.islower() and nxt.endswith("s") and len(nxt) >= 4 \
                and not nxt.endswith(("ss", "us", "is")) and self.ends_phrase(i + 1):
            self.rephrase(i, i + 1, weight=1, filler=True)  # of the players. -> of players.
        prev = self.text(i - 1)
        lower_pair = prev.isalpha() and prev.islower() and self.word(i - 1) not in _LINKS | _NOT_VERBS \
            and following.isalpha() and following.islower() \
            and nxt not in _CLAUSE_STARTS | _DETERMINERS | _LINKS | _NOT_VERBS | _PRONOUNS
        names = prev.isalpha() and prev[0].isupper() and following.isalpha() and following[0].isupper() \
            and i > 1 and not (self.glue(i - 2) == " " and self.text(i - 2)[:1].isupper()) \
            and not (self.glue(i + 1) == " " and self.text(i + 2)[:1].isupper())  # "Fujitsu and Mitsubishi"
        if w == "and" and before == " " and after == " " and (lower_pair or names):
            self.rephrase(i, i + 1, ("as", i, None), ("well", None, None), ("as", None, None), weight=1, filler=True,
                          group="as well as")
        if inside and w == "when" and after == " " and nxt in _CLAUSE_STARTS and before in (" ", ", ") \
                and (following.islower() or following == "I"):
            self.rephrase(i, i + 1, ("as", i, None), weight=1, filler=True)  # when the firm collapsed
        if inside and w == "last" and after == " " and nxt == "year" and self.word(i - 1) not in _DETERMINERS \
                and self.glue(i + 1)[:1] not in _APOSTROPHES:
            self.rephrase(i, i + 2, ("over", i, None), ("the", None, None), ("past", None, None),
                          ("year", i + 1, None), weight=1, filler=True)
        if inside and w in ("new", "world") and after in (" ", ".", ", ") and self.word(i - 1) in _DETERMINERS \
                and (following.islower() if w == "new" else self.ends_phrase(i)):
            self.rephrase(i, i + 1, ("fresh" if w == "new" else "globe", i, None), weight=1, filler=True)


def _plan(rng: random.Random, edits: list[_Edit]) -> list[_Edit]:
    """Edits taken from the start of the sentence so that the untouched runs are mostly of 1-3 words
    (REWRITE_GAPS), each inserted word (each group) once.

    Where no edit ends a run at the chosen length, the nearest one short of it is taken, else the nearest
    beyond; a filler only where no other edit is within REWRITE_FILL words."""
    chosen: list[_Edit] = []
    taken: set[int] = set()
    groups: set[str] = set()
    start = 0
    while True:
        free = [e for e in edits if e.run_end >= start and e.start >= start - 1 and not e.taken & taken
                and e.group not in groups]
        if not free:
            return chosen
        gap = rng.choices(list(REWRITE_GAPS), weights=list(REWRITE_GAPS.values()))[0]
        near = [e for e in free if e.run_end - start <= REWRITE_FILL]
        candidates = [e for e in near if not e.filler] or near or free
        ranks = [(bool(chosen) and e.run_end <= start, e.run_end - start > gap, abs(e.run_end - start - gap))
                 for e in candidates]
        fitting = [e for e, rank in zip(candidates, ranks, strict=True) if rank == min(ranks)]
        edit = rng.choices(fitting, weights=[e.weight for e in fitting])[0]
        if edit.group:
            groups.add(edit.group)
        chosen.append(edit)
        taken |= edit.taken
        start = edit.resume


def _apply(lead: str, tokens: list[_Token], edits: list[_Edit], common: frozenset[str]) -> Line:
    """The sentence with the edits made. The sources of words left out go, as covers, with the edit's first
    word (else the word before, else the next one)."""
    starting = {e.start: e for e in edits if not e.insertion}
    inserting = {e.start: e for e in edits if e.insertion}
    out: list[_Token] = []
    carried: list[int] = []  # words left out that no word has taken yet

    def emit(token: _Token) -> None:
        if carried:
            p = token.piece
            token = _Token(Piece(p.text, True, p.source, p.derived, p.covers + tuple(carried)), token.after)
            carried.clear()
        out.append(token)

    i = 0
    while i < len(tokens):
        edit = starting.get(i)
        if edit is None:
            token, insertion = tokens[i], inserting.get(i)
            if insertion is None:
                emit(token)
            else:
                emit(token.say(token.text, " "))
                emit(_Token(Piece(insertion.out[0][0], True, derived=True), token.after))
            i += 1
            continue
        written = {k for _, k, _ in edit.out if k is not None}
        for k in range(edit.start, edit.end):
            p = tokens[k].piece
            if k not in written:
                carried.extend(((p.source,) if p.source is not None else ()) + p.covers)
        if not edit.out and out and carried:  # all left out: they go with the word before
            out[-1] = _Token(Piece(out[-1].text, True, out[-1].piece.source, out[-1].piece.derived,
                                   out[-1].piece.covers + tuple(carried)), out[-1].after)
            carried.clear()
        for k, (text, source, after) in enumerate(edit.out):
            glue = after if after is not None else tokens[edit.end - 1].after if k == len(edit.out) - 1 else " "
            emit(_Token(Piece(text, True, derived=True), glue) if source is None else tokens[source].say(text, glue))
        i = edit.end
    # A new first word takes the capital; the old one, moved inside, loses it unless it is a name.
    first = tokens[0]
    if out and (out[0].piece.derived or out[0].piece.source != first.piece.source) and first.text[0].isupper():
        out[0] = _capitalised(out[0])
        for k, token in enumerate(out[1:], 1):
            if token.piece.source == first.piece.source:
                out[k] = _lowered(token, common)
    line: Line = [Piece(lead)] if lead else []
    for token in out:
        line.append(token.piece)
        if token.after:
            line.append(Piece(token.after))
    return line
