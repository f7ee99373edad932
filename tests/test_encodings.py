"""Encodings: declared, detected, given by the caller, and each fallback leaving a warning."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reusecheck import api
from reusecheck.cli import app
from reusecheck.documents import load_document
from reusecheck.documents.reading import read_bytes, read_text
from reusecheck.errors import InputError

RU = ("Городской совет утвердил бюджет на ремонт трамвайных путей. Работы начнутся весной и закончатся "
      "до первого снега, сообщили в мэрии.\n")
KK = ("Қала әкімдігі жаңа саябақтың құрылысын бастады. Құрылыс екі жылға созылады, деп хабарлады "
      "әкімдіктің баспасөз қызметі.\n")
EN = "The council approved the tram budget on Monday. Work on the northern line starts in April.\n"
CP1252 = "The café’s owner said “business is booming” after the summer fête.\n"


def _page(charset: str, body: str) -> str:
    return (f'<html><head><meta charset="{charset}"><title>News</title></head>'
            f"<body><article><p>{body}</p></article></body></html>")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


# --- what a page declares --------------------------------------------------------------------------


def test_an_unknown_declared_charset_falls_back_to_detection_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "page.html", _page("undefined", RU).encode("cp1251"))
    doc = load_document(path)
    assert "ремонт трамвайных путей" in doc.text
    assert doc.encoding == "cp1251"
    assert any("'undefined'" in w and "not a known encoding" in w for w in doc.warnings), doc.warnings


@pytest.mark.parametrize("label", ["rot13", "unicode_escape", "base64"])
def test_python_only_codec_names_are_not_charsets(label: str) -> None:
    found = read_text(_page(label, RU).encode("cp1251"), "page.html", html=True)
    assert found.encoding == "cp1251"
    assert found.warnings


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "UTF-32"])
def test_a_page_declaring_utf16_in_ascii_bytes_is_not_read_as_utf16(label: str) -> None:
    found = read_text(_page(label, RU).encode("cp1251"), "page.html", html=True)
    assert "ремонт трамвайных путей" in found.text
    assert found.encoding == "cp1251"
    assert any(label.lower() in w for w in found.warnings)


def test_a_page_declaring_utf16_in_utf8_bytes_is_read_as_utf8() -> None:
    found = read_text(_page("utf-16", RU).encode("utf-8"), "page.html", html=True)
    assert "ремонт трамвайных путей" in found.text
    assert found.encoding == "utf-8"


def test_a_utf8_declaration_on_a_cp1251_page_falls_back_with_a_warning() -> None:
    found = read_text(_page("utf-8", RU).encode("cp1251"), "page.html", html=True)
    assert "ремонт трамвайных путей" in found.text
    assert found.encoding == "cp1251"
    assert any("'utf-8'" in w and "not valid" in w for w in found.warnings)


def test_a_whatwg_label_python_does_not_know_is_honoured() -> None:
    found = read_text(_page("x-cp1251", RU).encode("cp1251"), "page.html", html=True)
    assert "ремонт трамвайных путей" in found.text
    assert found.encoding == "x-cp1251"
    assert not found.warnings


def test_a_latin1_declaration_reads_windows_1252_quotes() -> None:
    found = read_text(_page("iso-8859-1", CP1252).encode("cp1252"), "page.html", html=True)
    assert "“business is booming”" in found.text
    assert not found.warnings


# --- UTF-16 and UTF-32 without a byte order mark ----------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_text_without_bom_is_detected(tmp_path: Path, codec: str) -> None:
    text = EN + RU
    doc = load_document(_write(tmp_path, "story.txt", text.encode(codec)))
    assert doc.text == text
    assert doc.encoding == codec
    assert any("byte order mark" in w for w in doc.warnings)


def test_cyrillic_only_utf16_without_bom_is_detected() -> None:
    found = read_text(RU.encode("utf-16-be"), "story.txt")
    assert found.text == RU


def test_broken_utf16_without_bom_is_an_encoding_error_not_binary(tmp_path: Path) -> None:
    data = (EN * 3).encode("utf-16-le") + "\udc00".encode("utf-16-le", "surrogatepass") + EN.encode("utf-16-le")
    with pytest.raises(InputError) as caught:
        load_document(_write(tmp_path, "story.txt", data))
    assert "UTF-16-LE" in caught.value.message
    assert "binary" not in caught.value.message


def test_a_png_is_still_binary(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    with pytest.raises(InputError, match="binary"):
        load_document(_write(tmp_path, "photo.txt", data))


# --- NUL bytes --------------------------------------------------------------------------------------


def test_a_nul_byte_after_the_first_8_kib_is_refused(tmp_path: Path) -> None:
    data = (EN * 200).encode("utf-8")
    assert len(data) > 8192
    with pytest.raises(InputError, match="NUL"):
        load_document(_write(tmp_path, "story.txt", data + b"\x00" + EN.encode("utf-8")))


def test_utf16_with_bom_holds_nul_bytes_past_8_kib(tmp_path: Path) -> None:
    text = EN * 200
    doc = load_document(_write(tmp_path, "story.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert doc.text == text


# --- the encoding the caller gives -------------------------------------------------------------------


def test_an_empty_encoding_name_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", EN.encode("utf-8"))
    for name in ("", "  "):
        with pytest.raises(InputError, match="empty encoding name"):
            load_document(path, encoding=name)


@pytest.mark.parametrize("name", ["undefined", "rot13", "base64", "no-such-codec"])
def test_a_codec_that_reads_no_text_is_an_unknown_encoding(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, "story.txt", EN.encode("utf-8"))
    with pytest.raises(InputError, match="unknown encoding") as caught:
        load_document(path, encoding=name)
    assert caught.value.option == "encoding"


@pytest.mark.parametrize(("value", "message"), [("", "empty encoding name"), ("undefined", "unknown encoding")])
def test_cli_refuses_a_bad_encoding_with_exit_2(tmp_path: Path, value: str, message: str) -> None:
    original = _write(tmp_path, "o.txt", EN.encode("utf-8"))
    candidate = _write(tmp_path, "c.txt", EN.encode("utf-8"))
    code, _out, err = _run("compare", candidate, "--original", original, "--encoding", value)
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err


def test_a_given_encoding_does_not_misread_a_utf8_original(tmp_path: Path) -> None:
    """A kz1048 candidate and a UTF-8 original in one run: the encoding given is the candidate's."""
    original = _write(tmp_path, "original.txt", KK.encode("utf-8"))
    candidate = _write(tmp_path, "candidate.txt", KK.encode("kz1048"))
    doc = load_document(original, encoding="kz1048")
    assert doc.text == KK
    assert doc.encoding == "utf-8"
    (warning,) = doc.warnings
    assert "read as utf-8 (valid UTF-8)" in warning and "kz1048" in warning
    assert "--" not in warning
    assert load_document(candidate, encoding="kz1048").text == KK
    comparison = api.compare(candidate, [original], encoding="kz1048")
    assert comparison.originals[0].overlap.share_of_original > 0.9


def test_a_given_encoding_reads_undeclared_legacy_bytes(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", RU.encode("koi8-r")), encoding="koi8-r")
    assert doc.text == RU
    assert not doc.warnings


def test_pure_ascii_takes_any_ascii_compatible_encoding_silently(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", EN.encode("ascii"))
    assert not load_document(path, encoding="cp1251").warnings
    doc = load_document(path, encoding="utf-16")
    assert doc.text == EN
    assert doc.warnings


def test_a_byte_order_mark_overrides_the_given_encoding(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", codecs.BOM_UTF8 + RU.encode("utf-8")), encoding="cp1251")
    assert doc.text == RU
    assert any("byte order mark" in w and "cp1251" in w for w in doc.warnings)


def test_a_declared_charset_overrides_the_given_encoding(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "page.html", _page("koi8-r", RU).encode("koi8-r")), encoding="cp1251")
    assert "ремонт трамвайных путей" in doc.text
    assert doc.encoding == "koi8-r"
    assert any("declared in the page" in w for w in doc.warnings)


def test_damaged_utf8_is_read_as_utf8_with_a_warning(tmp_path: Path) -> None:
    data = (RU * 3).encode("utf-8") + b"\xff" + EN.encode("utf-8")
    doc = load_document(_write(tmp_path, "story.txt", data), encoding="cp1251")
    assert doc.encoding == "utf-8"
    assert doc.text.startswith(RU)
    assert any("1 bad byte" in w for w in doc.warnings)


# --- messages that name no command-line flag --------------------------------------------------------


def test_the_size_limit_message_names_the_setting_not_a_flag(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", (EN * 10).encode("utf-8"))
    with pytest.raises(InputError) as caught:
        read_bytes(path, 100)
    assert "larger than the limit of 100 bytes" in caught.value.message
    assert "--" not in caught.value.message
    assert caught.value.option == "max_bytes"
