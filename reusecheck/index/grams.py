"""Stable 64-bit hashes of word n-grams, on the matcher's own match keys.

An index built today must answer queries made on another machine next year, so nothing here may depend
on Python's per-process string hashing. Each match key gets the first 8 bytes of its BLAKE2b digest
(read little-endian); an n-gram combines its keys' hashes as a polynomial modulo 2**64 and passes the
sum through the SplitMix64 finaliser, so that n-grams sharing words still spread over all 64 bits.
The keys are those `tokenize` gives (light stems), so an inflected or re-cased copy hashes alike.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from reusecheck.matching.stemming import is_kazakh, match_key
from reusecheck.matching.tokens import WORD_RE, normalise_word

GRAM = 5
"""Words per indexed n-gram: long enough that two unrelated articles rarely share one, short enough that a
copied sentence with a word changed still shares several."""

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_CYRILLIC = re.compile("[\u0400-\u04ff]")

Hashes = npt.NDArray[np.uint64]


def key_hash(key: str) -> int:
    """The stable 64-bit hash of one match key."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


class KeyHasher:
    """Hashes of match keys, and of a plain text's words, remembered: news repeats its vocabulary, so after
    a few hundred articles nearly every word is a dictionary lookup."""

    def __init__(self) -> None:
        self._keys: dict[str, int] = {}
        self._words: tuple[dict[str, int], dict[str, int]] = ({}, {})

    def of_keys(self, keys: Sequence[str]) -> list[int]:
        found = self._keys
        out: list[int] = []
        for key in keys:
            h = found.get(key)
            if h is None:
                h = found[key] = key_hash(key)
            out.append(h)
        return out

    def of_text(self, text: str) -> list[int]:
        """The key hashes of every word of a plain text, as `tokenize(text).keys` would give them."""
        words = WORD_RE.findall(text)
        # Kazakh keys differ from Russian ones; only a text with Cyrillic letters can be Kazakh.
        kazakh = bool(_CYRILLIC.search(text)) and is_kazakh([normalise_word(w) for w in words])
        cache = self._words[kazakh]
        out = list(map(cache.get, words))
        if None in out:
            for i, word in enumerate(words):
                if out[i] is None:
                    out[i] = cache[word] = self.of_keys([match_key(normalise_word(word), kazakh)])[0]
        return out  # type: ignore[return-value]  # every None was filled in above


def gram_hashes(key_hashes: Sequence[int], n: int = GRAM) -> Hashes:
    """The hash of every n-gram of consecutive keys, in text order (empty for fewer than n keys)."""
    if len(key_hashes) < n:
        return np.empty(0, dtype=np.uint64)
    k = np.fromiter(key_hashes, dtype=np.uint64, count=len(key_hashes))
    width = len(k) - n + 1
    h = k[:width].copy()
    for j in range(1, n):
        h *= _MULTIPLIER
        h += k[j:j + width]
    return mix(h)


def mix(h: Hashes) -> Hashes:
    """SplitMix64's finaliser, applied in place (arithmetic wraps modulo 2**64)."""
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h
