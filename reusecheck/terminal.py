"""Text bound for a terminal, made safe: what a file, a pack or a name holds must not drive the terminal."""

from __future__ import annotations

import re

# C0 and C1 controls (escape sequences start with them), and the Unicode marks that reorder or hide
# text: bidi embeddings, overrides and isolates (a "Trojan Source" file name reads differently than it
# is), zero-width joiners aside, and the line/paragraph separators some terminals break on.
# Lone surrogates (an undecodable byte in a file name, as Python carries it) cannot be written as UTF-8.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
                     "\ud800-\udfff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
                          "\ud800-\udfff]")
SURROGATES = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Text with controls and bidi marks shown as \ufffd; tabs and newlines are kept."""
    return _UNSAFE.sub("\ufffd", text)


def one_line(text: str) -> str:
    """As `clean`, and newlines too: a message on stderr stays one line."""
    return _UNSAFE_LINE.sub("\ufffd", text)
