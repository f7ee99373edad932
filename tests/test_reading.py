"""Unit tests for reusecheck.documents.reading: bytes, encodings and refusals."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from reusecheck.documents import load_document
from reusecheck.documents.reading import DEFAULT_MAX_BYTES, decode, read_bytes
from reusecheck.errors import InputError

EN = "The regional court upheld the fine on Wednesday. The company said it would appeal.\n"
RU = (
    "Правительство утвердило новый план ремонта дорог. Министр транспорта заявил, что работы "
    "начнутся весной и завершатся до конца года.\nЖители ждут перемен уже давно.\n"
)
KK = "Астанада жаңа көпір ашылды. Қала әкімдігінің хабарлауынша, құрылыс екі жылға созылған.\n"
# Kazakh written with Russian Cyrillic only (ә→а, қ→к, ң→н, ұ/ү→у, ғ→г), as old cp1251 sites did;
# the Kazakh і survives because cp1251 has the Ukrainian і.
KK_IN_RU = (
    "Алматы облысында жана мектеп ашылды. Мектеп алты жуз окушыга арналган, деп хабарлады аудан "
    "акімі. Курылыс екі жылга созылды, ал мугалімдер жиналды.\n"
)
CP1252 = (
    "The café’s owner said “business is booming” after the fête — naïve critics disagreed. "
    "Señor Muñoz’s bakery reopened on the Rue de l’Église.\n"
)
LATIN1 = (
    "Le ministre a déclaré que la réforme était prête. Ça coûte cher, a-t-il ajouté, "
    "mais les élèves de Zürich et de Málaga en profiteront.\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(path: Path, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as info:
        load_document(path, **kwargs)  # type: ignore[arg-type]
    error = info.value
    assert str(path) in str(error), f"message does not name the file: {error}"
    assert error.path == str(path)
    return error


# --- decoding ----------------------------------------------------------------------------------


def test_utf8(tmp_path: Path) -> None:
    text = EN + RU + KK
    doc = load_document(_write(tmp_path, "story.txt", text.encode("utf-8")))
    assert doc.text == text
    assert doc.encoding == "utf-8"


def test_utf8_with_bom(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", codecs.BOM_UTF8 + KK.encode("utf-8")))
    assert doc.text == KK
    assert not doc.text.startswith("\ufeff")
    assert doc.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text = RU + KK
    doc = load_document(_write(tmp_path, "story.txt", bom + text.encode(codec)))
    assert doc.text == text
    assert doc.encoding == "utf-16"


def test_cp1251_russian_is_detected(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", RU.encode("cp1251")))
    assert doc.text == RU
    assert doc.encoding == "cp1251"
    assert "правительство" in doc.tokens.words


def test_cp1251_kazakh_in_russian_cyrillic_is_detected(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", KK_IN_RU.encode("cp1251")))
    assert doc.text == KK_IN_RU
    assert doc.encoding == "cp1251"
    assert "мугалімдер" in doc.tokens.words


def test_cp1252_curly_quotes_and_accents(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", CP1252.encode("cp1252")))
    assert doc.text == CP1252
    assert doc.encoding == "cp1252"
    assert "“business is booming”" in doc.text
    assert "\ufffd" not in doc.text


def test_latin1(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", LATIN1.encode("latin-1")))
    assert doc.text == LATIN1
    assert "\ufffd" not in doc.text


def test_explicit_encoding_wins(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", RU.encode("koi8-r"))
    doc = load_document(path, encoding="koi8-r")
    assert doc.text == RU
    assert doc.encoding == "koi8-r"


def test_decode_returns_text_and_encoding_name() -> None:
    assert decode(EN.encode("utf-8"), "x.txt") == (EN, "utf-8")
    assert decode(RU.encode("cp1251"), "x.txt", "cp1251") == (RU, "cp1251")


def test_html_meta_charset_is_honoured() -> None:
    page = (
        '<html><head><meta charset="koi8-r"><title>Новости</title></head>'
        f"<body><article><p>{RU}</p></article></body></html>"
    )
    text, used = decode(page.encode("koi8-r"), "page.html", html=True)
    assert text == page
    assert used == "koi8-r"


@pytest.mark.parametrize("controls", ["\x01", "\x07\x07", "\x07 and \x07", "\x0b", "\x1b[0m"])
def test_control_characters_are_tolerated_in_a_text_file(tmp_path: Path, controls: str) -> None:
    text = f"Farmers began the sowing campaign early.{controls}\nOfficials welcomed the warm weather.\n"
    doc = load_document(_write(tmp_path, "story.txt", text.encode("utf-8")))
    assert doc.text == text
    assert "officials" in doc.tokens.words


def test_control_characters_are_tolerated_in_a_legacy_encoded_file(tmp_path: Path) -> None:
    text = RU.replace("весной", "весной\x07")
    doc = load_document(_write(tmp_path, "story.txt", text.encode("cp1251")))
    assert doc.text == text


# --- refusals ----------------------------------------------------------------------------------


def test_png_header_is_refused_as_binary(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    error = _refused(_write(tmp_path, "photo.txt", data))
    assert "binary" in error.message


def test_nul_bytes_are_refused_as_binary(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, "story.txt", b"The court upheld\x00 the fine.\n"))
    assert "binary" in error.message
    assert "NUL" in error.message


def test_many_control_bytes_are_refused_as_binary(tmp_path: Path) -> None:
    data = bytes(range(1, 9)) * 40 + b"some words"
    error = _refused(_write(tmp_path, "story.txt", data))
    assert "binary" in error.message


def test_empty_file_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, "story.txt", b""))
    assert "empty" in error.message


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, "story.txt", b"  \n\t\r\n   \n"))
    assert "empty" in error.message


def test_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    data = (EN * 10).encode("utf-8")
    path = _write(tmp_path, "story.txt", data)
    error = _refused(path, max_bytes=len(data) - 1)
    assert f"{len(data) - 1:,}" in error.message


def test_file_of_exactly_max_bytes_is_read(tmp_path: Path) -> None:
    data = EN.encode("utf-8")
    path = _write(tmp_path, "story.txt", data)
    assert read_bytes(path, len(data)) == data
    assert load_document(path, max_bytes=len(data)).text == EN


def test_default_limit_is_applied(tmp_path: Path) -> None:
    line = b"The committee met again and talked about roads.\n"
    data = line * (DEFAULT_MAX_BYTES // len(line) + 1)
    _refused(_write(tmp_path, "story.txt", data))


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "story.txt"
    folder.mkdir()
    error = _refused(folder)
    assert "directory" in error.message
    with pytest.raises(InputError) as info:
        read_bytes(folder)
    assert str(folder) in str(info.value)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    error = _refused(tmp_path / "nowhere.txt")
    assert "no such file" in error.message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", EN.encode("utf-8"))
    path.chmod(0)
    try:
        error = _refused(path)
        assert "permission" in error.message
    finally:
        path.chmod(0o644)


def test_explicit_wrong_encoding_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", RU.encode("cp1251"))
    error = _refused(path, encoding="utf-8")
    assert "utf-8" in error.message


def test_unknown_encoding_name_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", EN.encode("utf-8"))
    error = _refused(path, encoding="klingon-8")
    assert "unknown encoding" in error.message
    assert "klingon-8" in error.message


def test_decode_errors_name_the_source() -> None:
    with pytest.raises(InputError) as info:
        decode(b"abc", "some/dir/story.txt", "no-such-codec")
    assert "some/dir/story.txt" in str(info.value)
    with pytest.raises(InputError) as info:
        decode(b"\x00\x01\x02 text", "some/dir/story.txt")
    assert "some/dir/story.txt" in str(info.value)
