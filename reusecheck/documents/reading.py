"""Reading a file's bytes and decoding them, with refusals for what is not a text document."""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path

from reusecheck.errors import InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Default size limit: a news article is tens of kilobytes; five megabytes leaves room for heavy HTML."""

_HIGH_LETTER_RUN = re.compile(rb"[\xc0-\xff]{2,}")
_HIGH_LETTER = re.compile(rb"[\xc0-\xff]")
_KAZAKH_BYTES = re.compile(b"[" + re.escape(bytes(
    b for b in range(0x80, 0xC0)
    if bytes([b]).decode("kz1048", "replace") != bytes([b]).decode("cp1251", "replace")
    and bytes([b]).decode("kz1048", "replace").isalpha()
)) + b"]")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a stray bad byte or two (a damaged copy), not text in a legacy encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return good > 0 and bad * 20 <= good

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# Bytes that never appear in text, in any of the encodings above (tab, newlines, form feed, escape excepted).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refusing a missing, unreadable, oversized or empty file."""
    try:
        if path.is_dir():
            raise InputError("is a directory, not a document", path=str(path))
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file (a pipe, socket or device cannot be read as a document)",
                             path=str(path))
        if info.st_size > max_bytes:
            raise InputError(
                f"file is larger than the limit of {max_bytes:,} bytes (raise it with --max-bytes)",
                path=str(path))
        with path.open("rb") as handle:
            data = handle.read(info.st_size + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except PermissionError:
        raise InputError("permission denied: cannot read the file", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=str(path)) from None
    if len(data) > max_bytes:
        raise InputError(f"file is larger than the limit of {max_bytes:,} bytes (raise it with --max-bytes)",
                         path=str(path))
    if not data.strip():
        raise InputError("empty document: the file holds no text", path=str(path))
    return data


def decode(data: bytes, source: str, encoding: str | None = None, *, html: bool = False) -> tuple[str, str]:
    """Decode `data` to text and name the encoding used.

    UTF-8 (with or without a BOM) and UTF-16/32 with a BOM are read as such; otherwise a charset
    declared in HTML, then cp1251, cp1252 or latin-1 told apart by their bytes. An explicit
    `encoding` wins.
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=source) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot be decoded as {encoding}: invalid byte at offset {exc.start}", path=source
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {name} text at byte {exc.start}", path=source) from None
    refuse_binary(data, source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8"
    if html and (declared := _META_CHARSET.search(data[:4096])):
        name = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    return _legacy(data)


def _legacy(data: bytes) -> tuple[str, str]:
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
            return data.decode("kz1048", errors="replace"), "kz1048"
        return data.decode("cp1251", errors="replace"), "cp1251"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # A byte cp1252 leaves undefined: latin-1 maps every byte.
        return data.decode("latin_1"), "latin_1"


def refuse_binary(data: bytes, source: str) -> None:
    """Refuse bytes that are not text: NUL bytes, or many control bytes, in the first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("binary file (it contains NUL bytes), not a text document", path=source)
    controls = sum(head.count(c) for c in _CONTROL)
    if controls > max(8, len(head) // 20):
        raise InputError("binary file (too many control bytes), not a text document", path=source)
