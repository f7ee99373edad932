"""Unit tests for reusecheck.documents: load_document, plain-text chrome, sources and paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from reusecheck.documents import from_text, load_document, parse_document
from reusecheck.errors import InputError
from reusecheck.matching.tokens import normalise_word, tokenize

STORY = """  1. Main Page
  2. News
Site Logo
Facebook Site iconInstagram Site icon

Farmers in the north began the spring sowing campaign earlier than usual this year, officials said.

The ministry listed three priorities:
1. Repair of irrigation canals.
2. Cheaper diesel for farms.
3. Fresh seed stock.

No more than 30% of this article may be reused, and only with a hyperlink to the original.
"""

STORY_WORDS = (
    "farmers", "in", "the", "north", "began", "the", "spring", "sowing", "campaign", "earlier", "than", "usual",
    "this", "year", "officials", "said",
    "the", "ministry", "listed", "three", "priorities",
    "1", "repair", "of", "irrigation", "canals",
    "2", "cheaper", "diesel", "for", "farms",
    "3", "fresh", "seed", "stock",
)


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --- plain text --------------------------------------------------------------------------------


def test_txt_text_is_exactly_the_decoded_file(tmp_path: Path) -> None:
    raw = "Title line\r\n\r\nThe court upheld the fine.\r\nThe firm will appeal.\r\n"
    path = _write(tmp_path, "story.txt", raw)
    doc = load_document(path)
    assert doc.format == "text"
    assert doc.text == path.read_bytes().decode("utf-8")
    assert doc.text == raw
    assert doc.source == str(path)


def test_txt_offsets_index_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", STORY)
    doc = load_document(path)
    file_text = path.read_bytes().decode("utf-8")
    assert doc.words > 0
    for word, start, end in zip(doc.tokens.words, doc.tokens.starts, doc.tokens.ends, strict=True):
        assert normalise_word(file_text[start:end]) == word


def test_txt_offsets_index_a_cp1251_file(tmp_path: Path) -> None:
    text = "Министр заявил, что ремонт дорог начнётся весной.\n\nЖители ждут перемен уже давно.\n"
    path = _write(tmp_path, "story.txt", text, "cp1251")
    doc = load_document(path)
    assert doc.encoding == "cp1251"
    assert doc.text == text
    i = doc.tokens.words.index("начнется")
    assert text[doc.tokens.starts[i]:doc.tokens.ends[i]] == "начнётся"


def test_plain_text_chrome_is_not_counted(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", STORY))
    assert doc.text == STORY  # chrome stays in the text, only outside the counted spans
    assert doc.tokens.words == STORY_WORDS
    for chrome in ("main", "page", "news", "site", "logo", "facebook", "instagram", "icon", "iconinstagram"):
        assert chrome not in doc.tokens.words


def test_numbered_list_later_in_a_story_is_counted(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", STORY))
    for word in ("1", "2", "3", "repair", "cheaper", "fresh"):
        assert word in doc.tokens.words


def test_breadcrumb_only_at_the_top() -> None:
    text = (
        "Farmers in the north began the spring sowing campaign earlier than usual this year.\n\n"
        "  1. Main Page\n  2. News\n"
    )
    doc = parse_document(text, "s.txt", "text")
    assert doc.tokens.words[-5:] == ("1", "main", "page", "2", "news")


def test_icon_row_anywhere_is_not_counted() -> None:
    text = (
        "Farmers began the spring sowing early.\n\n"
        "Facebook Site iconInstagram Site iconTelegram Site icon\n\n"
        "Officials welcomed the warm weather.\n"
    )
    doc = parse_document(text, "s.txt", "text")
    assert doc.tokens.words == (
        "farmers", "began", "the", "spring", "sowing", "early", "officials", "welcomed", "the", "warm", "weather",
    )


def test_a_sentence_mentioning_a_logo_is_counted() -> None:
    text = "The airline unveiled a new logo on Monday. Critics said it looked like a bird.\n"
    doc = parse_document(text, "s.txt", "text")
    assert "logo" in doc.tokens.words
    assert doc.words == 15


def test_last_sentence_mentioning_a_logo_without_final_newline_is_counted() -> None:
    text = "The singer performed on Saturday.\n\nThe airline unveiled its new logo."
    doc = parse_document(text, "s.txt", "text")
    assert doc.tokens.words[-3:] == ("its", "new", "logo")
    assert doc.words == 11


def test_headline_with_the_word_icon_is_counted() -> None:
    # A headline has no full stop, but it is not an icon row.
    text = "Pop icon Dimash returns to Astana\n\nThe singer performed for thousands of fans on Saturday.\n"
    doc = parse_document(text, "s.txt", "text")
    assert doc.tokens.words[:6] == ("pop", "icon", "dimash", "returns", "to", "astana")


@pytest.mark.parametrize(
    "notice",
    [
        "No more than 30% of this article may be reused, and only with a hyperlink to the original.",
        "Перепечатка материалов допускается только с гиперссылкой на источник.",
        "Материалдарды көшіріп басу тек сілтеме арқылы рұқсат етіледі.",
    ],
)
def test_terms_notice_paragraph_is_not_counted(tmp_path: Path, notice: str) -> None:
    text = f"Farmers began the spring sowing early.\n\n{notice}\n\nOfficials welcomed the warm weather.\n"
    doc = load_document(_write(tmp_path, "story.txt", text))
    assert notice in doc.text
    assert doc.tokens.words == (
        "farmers", "began", "the", "spring", "sowing", "early", "officials", "welcomed", "the", "warm", "weather",
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "Scientists could not reproduce the result, and the link between the drug and recovery remained unclear.",
        "Parliament passed a law on Tuesday that lets schools reproduce textbooks without the author's permission.",
        "Депутаты разрешили использование архивных фото только со ссылкой на автора, сообщил спикер.",
    ],
)
def test_story_paragraph_about_reuse_is_still_counted(paragraph: str) -> None:
    # Short story paragraphs that merely talk about reproducing, links or permission are news, not the
    # publisher's reuse-terms notice.
    text = f"Farmers began the spring sowing early.\n\n{paragraph}\n"
    doc = parse_document(text, "s.txt", "text")
    assert doc.words == 6 + len(tokenize(paragraph))


def test_bare_url_in_text_file_is_a_link_not_words(tmp_path: Path) -> None:
    text = "Source: https://qazmonitor.com/news/bridge\n\nA new bridge opened on Monday.\n"
    doc = load_document(_write(tmp_path, "story.txt", text))
    [link] = doc.links
    assert link.syntax == "bare-url"
    assert link.linked is False
    assert doc.text[link.start:link.end] == "https://qazmonitor.com/news/bridge"
    assert doc.tokens.words == ("source", "a", "new", "bridge", "opened", "on", "monday")


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["story.pdf", "story.docx", "story.rtf", "story"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, "The court upheld the fine.\n")
    with pytest.raises(InputError) as info:
        load_document(path)
    assert str(path) in str(info.value)
    assert "unsupported file type" in info.value.message


@pytest.mark.parametrize(
    "url",
    ["https://qazmonitor.com/news/bridge", "http://qazmonitor.com/news/bridge.html", "https://qazmonitor.com/a.txt"],
)
def test_a_url_is_fetched_not_opened_as_a_path(url: str, tmp_path: Path) -> None:
    """Offline, with an empty cache: the URL goes to the fetcher (which says so), never to the file system."""
    from reusecheck.fetch import FetchOptions

    with pytest.raises(InputError) as info:
        load_document(url, fetching=FetchOptions(offline=True, cache_dir=tmp_path))
    assert info.value.path == url and "not in the cache" in info.value.message


def test_html_page_with_empty_article(tmp_path: Path) -> None:
    page = """<html><head><title>Empty</title></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article>
      <div class="share-icons"><a href="https://facebook.com/share">Facebook</a></div>
      <p>No more than 30% of this article may be reused, and only with a hyperlink to the original.</p>
    </article>
    <footer>All rights reserved.</footer></body></html>"""
    path = _write(tmp_path, "page.html", page)
    with pytest.raises(InputError) as info:
        load_document(path)
    assert "empty document" in info.value.message
    assert str(path) in str(info.value)


def test_text_file_with_only_chrome_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", "Site Logo\nFacebook Site iconInstagram Site icon\n")
    with pytest.raises(InputError) as info:
        load_document(path)
    assert "empty document" in info.value.message


def test_text_file_with_only_punctuation_is_empty(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_document(_write(tmp_path, "story.txt", "— … ---\n\n* * *\n"))
    assert "empty document" in info.value.message


# --- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("s.txt", "text"), ("s.TEXT", "text"), ("s.md", "markdown"), ("s.Markdown", "markdown"),
     ("s.html", "html"), ("s.HTM", "html")],
)
def test_format_by_extension(tmp_path: Path, name: str, fmt: str) -> None:
    doc = load_document(_write(tmp_path, name, "<p>Rivers rose overnight in the east.</p>\n"))
    assert doc.format == fmt
    assert "rivers" in doc.tokens.words


def test_html_file_declaring_its_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Новости</title></head><body><article><p>Министр заявил, что ремонт дорог начнётся весной.</p>"
        "</article></body></html>"
    )
    doc = load_document(_write(tmp_path, "page.html", page, "cp1251"))
    assert doc.text == "Министр заявил, что ремонт дорог начнётся весной."
    assert doc.title == "Новости"


# --- declared sources, publisher, paragraphs ---------------------------------------------------


def test_declared_sources_from_source(tmp_path: Path) -> None:
    path = _write(tmp_path, "c.md", "---\nsource: https://qazmonitor.com/news/bridge\n---\nA bridge opened.\n")
    assert load_document(path).declared_sources == ("https://qazmonitor.com/news/bridge",)


def test_declared_sources_from_sources(tmp_path: Path) -> None:
    text = "---\nsources:\n  - https://a.example.kz/1\n  - https://b.example.ru/2\n---\nA bridge opened.\n"
    assert load_document(_write(tmp_path, "c.md", text)).declared_sources == (
        "https://a.example.kz/1", "https://b.example.ru/2",
    )


def test_declared_sources_from_both(tmp_path: Path) -> None:
    text = "---\nsource: https://a.example.kz/1\nsources:\n  - https://b.example.ru/2\n---\nA bridge opened.\n"
    assert load_document(_write(tmp_path, "c.md", text)).declared_sources == (
        "https://a.example.kz/1", "https://b.example.ru/2",
    )


def test_no_declared_sources(tmp_path: Path) -> None:
    assert load_document(_write(tmp_path, "c.txt", "A bridge opened.\n")).declared_sources == ()


def test_sources_of_the_wrong_type_are_errors(tmp_path: Path) -> None:
    # Silently dropping them would judge the draft without the original it names.
    with pytest.raises(InputError, match="c.md:3: sources: front matter: expected a list of URLs"):
        load_document(_write(tmp_path, "c.md", "---\ntitle: T\nsources: https://a.example.kz\n---\nA bridge.\n"))


def test_paragraph_of(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "story.txt", STORY))
    assert len(doc.paragraphs()) == 2
    # In the breadcrumb, before the first counted paragraph: read before any of the story.
    assert doc.paragraph_of(0) == 1
    assert doc.paragraph_of(STORY.index("Farmers")) == 1
    assert doc.paragraph_of(STORY.index("officials said")) == 1
    assert doc.paragraph_of(STORY.index("The ministry")) == 2
    assert doc.paragraph_of(STORY.index("Fresh seed")) == 2
    assert doc.paragraph_of(len(STORY) - 2) == 3  # in the terms notice after the story


def test_paragraph_of_in_markdown() -> None:
    doc = parse_document("# Roads\n\nFirst para.\n\nSecond para.\n\nThird para.\n", "c.md", "markdown")
    assert doc.text == "Roads\n\nFirst para.\n\nSecond para.\n\nThird para."
    assert [doc.paragraph_of(doc.text.index(w)) for w in ("Roads", "First", "Second", "Third")] == [1, 2, 3, 4]


def test_from_text_counts_everything() -> None:
    doc = from_text("Site Logo\n\nThe court upheld the fine.")
    assert doc.counted == ((0, len(doc.text)),)
    assert doc.tokens.words[:2] == ("site", "logo")
    assert doc.format == "text"
