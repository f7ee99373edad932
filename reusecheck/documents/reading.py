"""Reading a file's bytes and decoding them, with refusals for what is not a text document.

The order of evidence for the encoding: a byte order mark; UTF-16 or UTF-32 told by the places of its
zero bytes; valid UTF-8 (pure ASCII reads the same in every ASCII-based encoding); UTF-8 with a stray bad
byte; a charset the HTML page declares; the encoding the caller gives; and last a guess among cp1251,
kz1048, cp1252 and latin-1 from the bytes. The caller's encoding is the user's word about files whose
encoding is unknown, so it does not override a file that says or shows what it is: that would misread
a UTF-8 original given next to a kz1048 candidate. Each override or fallback leaves a warning.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reusecheck.errors import EmptyDocumentError, InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Default size limit: a news article is tens of kilobytes; five megabytes leaves room for heavy HTML."""

_HIGH_LETTER_RUN = re.compile(rb"[\xc0-\xff]{2,}")
_HIGH_LETTER = re.compile(rb"[\xc0-\xff]")
_KAZAKH_BYTES = re.compile(b"[" + re.escape(bytes(
    b for b in range(0x80, 0xC0)
    if bytes([b]).decode("kz1048", "replace") != bytes([b]).decode("cp1251", "replace")
    and bytes([b]).decode("kz1048", "replace").isalpha()
)) + b"]")

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
# Bytes that never appear in text, in any of the encodings above (tab, newlines, form feed, escape excepted).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CONTROL_CHARS = re.compile("[" + re.escape(_CONTROL.decode("ascii")) + "]")

# Charset labels of the WHATWG Encoding Standard that Python does not know by that name.
_HTML_LABELS = {"windows-874": "cp874", "x-mac-cyrillic": "mac-cyrillic", "x-mac-ukrainian": "mac-cyrillic",
                **{f"x-cp{n}": f"cp{n}" for n in range(1250, 1259)}}
# What browsers read a page as for a charset it declares: the HTML standard's table, and kz1048 besides.
_HTML_CHARSET_NAMES = (
    "utf-8 cp866 iso8859-2 iso8859-3 iso8859-4 iso8859-5 iso8859-6 iso8859-7 iso8859-8 iso8859-10 iso8859-13 "
    "iso8859-14 iso8859-15 iso8859-16 koi8-r koi8-u mac-roman mac-cyrillic cp874 cp1250 cp1251 cp1252 cp1253 "
    "cp1254 cp1255 cp1256 cp1257 cp1258 gbk gb18030 big5 big5hkscs euc_jp iso2022_jp shift_jis euc_kr cp949 "
    "kz1048").split()


@cache
def _html_charsets() -> frozenset[str]:
    # Looking the codecs up imports forty modules: only a page that declares a charset pays for it.
    return frozenset(codecs.lookup(name).name for name in _HTML_CHARSET_NAMES)


# The HTML standard reads these labels as a superset: latin-1 and ASCII pages as windows-1252, and so on.
_HTML_SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "iso8859-11": "cp874"}
# A page whose bytes hold the ASCII of its own <meta> tag is not UTF-16 or UTF-32, whatever the tag says:
# the HTML standard reads such a page as UTF-8.
_WIDE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read in, and what the reader had to guess or work around."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refusing a missing, unreadable, oversized or empty file."""
    too_big = f"file is larger than the limit of {max_bytes:,} bytes"
    try:
        if path.is_dir():
            raise InputError("is a directory, not a document", path=str(path))
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file (a pipe, socket or device cannot be read as a document)",
                             path=str(path))
        if info.st_size > max_bytes:
            raise InputError(too_big, path=str(path), option="max_bytes")
        with path.open("rb") as handle:
            data = handle.read(info.st_size + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except PermissionError:
        raise InputError("permission denied: cannot read the file", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=str(path)) from None
    if len(data) > max_bytes:
        raise InputError(too_big, path=str(path), option="max_bytes")
    if not data.strip():
        raise EmptyDocumentError("empty document: the file holds no text", path=str(path))
    return data


def decode(data: bytes, source: str, encoding: str | None = None, *, html: bool = False) -> tuple[str, str]:
    """Decode `data` to text and name the encoding used (see read_text)."""
    found = read_text(data, source, encoding, html=html)
    return found.text, found.encoding


def read_text(data: bytes, source: str, encoding: str | None = None, *, html: bool = False,
              transport: str | None = None) -> Decoded:
    """Decode `data` by the evidence in the module's docstring; `encoding` is used only where the file
    neither declares nor shows its encoding. `transport` is the charset a web server sent with the page:
    as in browsers, it comes after a byte order mark and before everything else."""
    if encoding is not None:
        check_encoding(encoding, source)
    found = _marked(data, source)
    if found is not None:
        return _overriding(*found, encoding)
    refuse_binary(data, source)
    if transport is None:
        return _unmarked(data, source, encoding, html)
    sent = _sent(data, source, transport)
    if isinstance(sent, Decoded):
        return _overriding(sent, "the charset its server sent", encoding)
    read = _unmarked(data, source, encoding, html)
    return Decoded(read.text, read.encoding, (sent, *read.warnings))


def _unmarked(data: bytes, source: str, encoding: str | None, html: bool) -> Decoded:
    """A file without a byte order mark: UTF-8, a declared charset, the caller's encoding, or a guess."""
    found = _utf8(data)
    problem = None
    if found is None and html:
        found, problem = _declared(data)
    if found is not None:
        return _overriding(*found, encoding)
    if encoding is not None:
        try:
            read = Decoded(data.decode(encoding), encoding)
        except UnicodeError as exc:
            at = exc.start if isinstance(exc, UnicodeDecodeError) else 0
            raise InputError(f"cannot be decoded as {encoding}: invalid byte at offset {at}", path=source,
                             option="encoding") from None
    else:
        read = _legacy(data)
    if problem:
        return Decoded(read.text, read.encoding, (f"{problem}; read as {read.encoding}",))
    return read


def _sent(data: bytes, source: str, charset: str) -> Decoded | str:
    """The page read in the charset its server sent, or why that failed (a warning)."""
    try:
        codec = check_encoding(charset, source)
        return Decoded(data.decode(codec), codec)
    except (InputError, UnicodeError):
        return f"the server said charset={charset}, which does not read this page"


def check_encoding(name: str, source: str) -> str:
    """The codec's own name for an encoding the caller gave; an InputError for an empty or unknown one."""
    if not name.strip():
        raise InputError("empty encoding name: give one such as utf-8, cp1251 or kz1048", path=source,
                         option="encoding")
    try:
        info = codecs.lookup(name)
        # Python also registers codecs that are not text encodings (base64, rot13) or cannot decode
        # anything ('undefined'): none of them reads a document.
        if not getattr(info, "_is_text_encoding", True):
            raise LookupError(name)
        b"text".decode(info.name)
    except (LookupError, UnicodeError):
        raise InputError(f"unknown encoding {name!r}", path=source, option="encoding") from None
    return info.name


Found = tuple[Decoded, str]
"""Text read in an encoding the file declares or shows, and what showed it."""


def _marked(data: bytes, source: str) -> Found | None:
    """Text whose encoding its first or zero bytes mark: a byte order mark, or UTF-16/32 without one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name), "byte order mark"
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {name} text at byte {exc.start}", path=source) from None
    return _wide_without_bom(data, source)


def _utf8(data: bytes) -> Found | None:
    """UTF-8 text, or UTF-8 with a stray bad byte or two (a damaged copy) rather than a legacy encoding."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8"), "valid UTF-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    bad = replaced - data.count(b"\xef\xbf\xbd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if good > 0 and bad * 20 <= good:
        note = f"not valid UTF-8 throughout: {bad} bad byte sequence(s) replaced"
        return Decoded(text, "utf-8", (note,)), "mostly valid UTF-8"
    return None


def _overriding(found: Decoded, reason: str, given: str | None) -> Decoded:
    """`found`, with a warning when the caller's encoding would have read the file otherwise."""
    if given is None or _family(given) == _family(found.encoding):
        return found
    if found.text.isascii():
        try:
            if found.text.encode("ascii").decode(given) == found.text:
                return found
        except UnicodeError:
            pass
    note = (f"read as {found.encoding} ({reason}); the encoding given ({given}) applies only to files whose "
            "encoding is not declared or certain")
    return Decoded(found.text, found.encoding, (*found.warnings, note))


def _family(name: str) -> str:
    """The encoding without its byte order variant: utf-16-le and utf-16 are one family."""
    try:
        name = codecs.lookup(_HTML_LABELS.get(name, name)).name
    except LookupError:
        return name
    for suffix in ("-sig", "-le", "-be"):
        name = name.removesuffix(suffix)
    return name


def _wide_without_bom(data: bytes, source: str) -> Found | None:
    """UTF-32 or UTF-16 text without a byte order mark, told by where its zero bytes fall.

    In UTF-16 the Latin letters, digits, spaces and punctuation of an article each have a zero byte (and
    Cyrillic letters a 0x04) on the same side of every pair; in UTF-32 two bytes of each four are zero.
    Binary data has zeros on both sides.
    """
    if len(data) < 16 or b"\x00" not in data:
        return None
    quads = len(data) // 4
    zeros = [data[i::4].count(0) for i in range(4)]
    for codec, high, low in (("utf-32-le", (2, 3), 0), ("utf-32-be", (0, 1), 3)):
        if min(zeros[i] for i in high) >= 0.9 * quads and zeros[low] <= 0.05 * quads:
            return _wide(data, codec, source)
    pairs = len(data) // 2
    odd, even = zeros[1] + zeros[3], zeros[0] + zeros[2]
    for codec, side, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if side >= max(4, 0.1 * pairs) and other * 20 <= side:
            return _wide(data, codec, source)
    return None


def _wide(data: bytes, codec: str, source: str) -> Found | None:
    name = codec.upper()
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"looks like {name} text without a byte order mark (its zero bytes fall where {name} "
                         f"puts them), but is not valid {name} at byte {exc.start}; save it as UTF-8",
                         path=source) from None
    if len(_CONTROL_CHARS.findall(text)) * 50 > len(text):
        return None  # not text in that encoding either: the binary check has the last word
    return Decoded(text, codec, (f"no byte order mark; read as {name} by where its zero bytes fall",)), name


def _declared(data: bytes) -> tuple[Found | None, str | None]:
    """The page read in the charset its <meta> declares; or None and what was wrong with the declaration."""
    found = _META_CHARSET.search(data[:4096])
    if not found:
        return None, None
    label = found.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(_HTML_LABELS.get(label, label)).name
    except LookupError:
        name = ""
    name = "utf-8" if name in _WIDE else _HTML_SUPERSETS.get(name, name)
    if name not in _html_charsets():
        return None, f"the page declares charset {label!r}, which is not a known encoding"
    try:
        return (Decoded(data.decode(name), label), "declared in the page"), None
    except UnicodeDecodeError as exc:
        read = "" if _family(name) == _family(label) else f" (read as {name})"
        return None, f"the page declares charset {label!r}{read}, but byte {exc.start} is not valid in it"


def _legacy(data: bytes) -> Decoded:
    """Decode text that is not UTF-8 as cp1251 (Russian, Kazakh), cp1252 or latin-1.

    In cp1251 text the letters are bytes 0xC0-0xFF that run together into words; in cp1252 text
    such bytes are accented letters standing alone among ASCII ones, and 0x80-0x9F are quotes and
    dashes, which both code pages share.
    """
    letters = len(_HIGH_LETTER.findall(data))
    in_runs = sum(len(run) for run in _HIGH_LETTER_RUN.findall(data))
    if letters and in_runs * 2 > letters:
        # Kazakh letters (қ, ө, ү, ...) sit where cp1251 keeps Serbian and Macedonian ones.
        if _KAZAKH_BYTES.search(data):
            return Decoded(data.decode("kz1048", errors="replace"), "kz1048")
        return Decoded(data.decode("cp1251", errors="replace"), "cp1251")
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        # A byte cp1252 leaves undefined: latin-1 maps every byte.
        return Decoded(data.decode("latin_1"), "latin_1")


def refuse_binary(data: bytes, source: str) -> None:
    """Refuse bytes that are not text: a NUL byte anywhere, or many control bytes in the first 8 KiB.

    Called on bytes that are not UTF-16 or UTF-32, where a zero byte is a character of its own.
    """
    if b"\x00" in data:
        raise InputError("binary file (it contains NUL bytes), not a text document", path=source)
    head = data[:8192]
    controls = sum(head.count(c) for c in _CONTROL)
    if controls > max(8, len(head) // 20):
        raise InputError("binary file (too many control bytes), not a text document", path=source)
