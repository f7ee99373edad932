"""Unit tests for reusecheck.documents.html: article text, chrome, links, canonical URL and title."""

from __future__ import annotations

from pathlib import Path

import pytest

from reusecheck.documents import Link, load_document, parse_document
from reusecheck.documents.html import parse_html

CANONICAL = "https://news.example.kz/world/2024/bridge-opens"

PAGE = f"""<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Bridge opens over the Ishim | Qaz Daily</title>
<link rel="canonical" href="{CANONICAL}">
<meta property="og:url" content="https://news.example.kz/og-should-lose">
<script>var tracking = "script words must not appear";</script>
<style>.hidden {{ display: none }}</style>
</head>
<body>
<header class="site-header"><a href="/" class="logo"><img src="logo.png" alt="Site Logo">Qaz Daily Masthead</a></header>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<article>
  <ol class="breadcrumb"><li><a href="/">Main Page</a></li><li><a href="/news">Headlines</a></li></ol>
  <h1>Bridge opens over the Ishim</h1>
  <p>A new bridge over the Ishim river opened on Monday, the city council
     <a href="/council/statement" rel="nofollow noopener">said in a statement</a>.</p>
  <p>Engineers said the crossing would cut commuting times by half, according to
     <a href="https://transport.example.kz/report?id=7">the transport ministry</a>.</p>
  <div class="share-icons"><a href="https://facebook.com/sharer">Facebook</a> <a href="https://x.com/share">Tweet</a></div>
  <p>No more than 30% of this article may be reused, and only with a hyperlink to the original.</p>
  <p>Перепечатка материалов допускается только с гиперссылкой на источник.</p>
  <aside class="related"><h3>Related stories</h3><a href="/other">Roadworks close the embankment</a></aside>
</article>
<footer><p>© 2024 Qaz Daily. All rights reserved.</p><a href="/contacts">Contacts</a></footer>
</body></html>
"""


def counted(page: str) -> str:
    """The words of a page that count as article, as text (notices stay in the text but are not counted)."""
    doc = parse_document(page, "page.html", "html")
    return "".join(doc.text[a:b] for a, b in doc.counted).strip()


def in_text(links: tuple[Link, ...]) -> list[Link]:
    """Links in the article text; links in chrome stand with no length where the chrome was."""
    return [link for link in links if link.end > link.start]


def test_article_body_is_extracted() -> None:
    assert counted(PAGE) == (
        "Bridge opens over the Ishim\n\n"
        "A new bridge over the Ishim river opened on Monday, the city council said in a statement.\n\n"
        "Engineers said the crossing would cut commuting times by half, according to the transport ministry."
    )


@pytest.mark.parametrize(
    "chrome",
    [
        "Home", "Politics", "Sport",  # nav
        "Masthead", "Site Logo",  # header logo
        "Main Page", "Headlines",  # breadcrumb
        "Facebook", "Tweet",  # share icons
        "Related", "Roadworks",  # aside related
        "All rights reserved", "Contacts",  # footer
        "30%", "hyperlink", "Перепечатка", "гиперссылкой",  # terms notices
        "script words", "display",  # script and style
    ],
)
def test_chrome_is_dropped(chrome: str) -> None:
    assert chrome not in counted(PAGE)


def test_title_and_canonical_url() -> None:
    _text, _links, url, title = parse_html(PAGE)
    assert url == CANONICAL
    assert title == "Bridge opens over the Ishim | Qaz Daily"


def test_og_url_is_the_fallback_for_canonical() -> None:
    page = """<html><head><meta property="og:url" content="https://qazmonitor.com/news/42">
    <meta property="og:title" content="Жаңа көпір ашылды"><title>Жаңа көпір | Site</title></head>
    <body><article><p>Астанада жаңа көпір ашылды, деп <a href="/akimat/news">хабарлады</a> әкімдік.</p></article>
    </body></html>"""
    text, links, url, title = parse_html(page)
    assert url == "https://qazmonitor.com/news/42"
    assert title == "Жаңа көпір ашылды"
    assert [link.href for link in links] == ["https://qazmonitor.com/akimat/news"]
    assert text == "Астанада жаңа көпір ашылды, деп хабарлады әкімдік."


def test_no_canonical_leaves_url_none_and_relative_href_as_written() -> None:
    page = '<html><body><article><p>See <a href="../archive/2023">the archive</a> for more.</p></article></body></html>'
    _text, links, url, title = parse_html(page)
    assert url is None
    assert title is None
    assert links[0].href == "../archive/2023"


def test_links_found_with_href_text_rel_and_offsets() -> None:
    text, all_links, _url, _title = parse_html(PAGE)
    links = in_text(all_links)
    assert len(links) == 2
    first, second = links
    assert first.href == "https://news.example.kz/council/statement"
    assert first.text == "said in a statement"
    assert first.rel == ("nofollow", "noopener")
    assert first.syntax == "html"
    assert first.linked is True
    assert second.href == "https://transport.example.kz/report?id=7"
    assert second.text == "the transport ministry"
    assert second.rel == ()
    for link in links:
        assert text[link.start:link.end] == link.text


def test_rel_values_are_lower_cased() -> None:
    page = '<article><p>Read <a href="https://a.example.kz/x" rel="NoFollow UGC">this</a> now.</p></article>'
    _text, links, _url, _title = parse_html(page)
    assert links[0].rel == ("nofollow", "ugc")


def test_link_with_nested_markup_offsets_index_the_text() -> None:
    page = """<article>
    <p>Депутаты <a href="https://duma.example.ru/law/1"><strong>одобрили</strong> <em>закон</em></a> о дорогах.</p>
    <p>Ещё одна <a href="https://example.ru/b">ссылка</a> и <a href="https://example.ru/c">третья</a>.</p>
    </article>"""
    text, links, _url, _title = parse_html(page)
    assert [link.text for link in links] == ["одобрили закон", "ссылка", "третья"]
    for link in links:
        assert text[link.start:link.end] == link.text


def test_link_at_the_start_of_a_paragraph_indexes_the_text() -> None:
    page = """<article><p>First paragraph of the story.</p>
    <p><a href="https://example.kz/a">Officials</a> said the plan was ready.</p></article>"""
    text, links, _url, _title = parse_html(page)
    assert text[links[0].start:links[0].end] == "Officials"


def test_paragraphs_are_separated_by_blank_lines() -> None:
    page = """<article>
    <h2>Roads</h2>
    <p>The   ministry
       published   a plan.</p>
    <ul><li>Repair bridges.</li><li>Widen highways.</li></ul>
    <blockquote>We will finish by autumn.</blockquote>
    <div><p>Nested paragraph.</p></div>
    </article>"""
    text, _links, _url, _title = parse_html(page)
    assert text.split("\n\n") == [
        "Roads",
        "The ministry published a plan.",
        "Repair bridges.",
        "Widen highways.",
        "We will finish by autumn.",
        "Nested paragraph.",
    ]
    assert "\n\n\n" not in text
    assert text == text.strip()


def test_inline_markup_does_not_split_words() -> None:
    page = "<article><p>The city of Ast<b>ana</b> hosted the <em>summit</em>.</p></article>"
    text, _links, _url, _title = parse_html(page)
    assert text == "The city of Astana hosted the summit."


def test_entities_are_decoded() -> None:
    page = "<article><p>Salt &amp; pepper cost 5&nbsp;000 tenge &mdash; &laquo;дорого&raquo;.</p></article>"
    text, _links, _url, _title = parse_html(page)
    assert text == "Salt & pepper cost 5 000 tenge — «дорого»."


def test_hidden_blocks_are_dropped() -> None:
    page = """<article><p>Visible story text.</p><div aria-hidden="true">Hidden words</div>
    <p hidden>Also hidden</p></article>"""
    text, _links, _url, _title = parse_html(page)
    assert text == "Visible story text."


def test_page_without_article_uses_main() -> None:
    page = """<html><body><header><div class="logo">Qaz Daily</div></header>
    <nav><a href="/">Home</a></nav>
    <div class="intro">Promo outside main</div>
    <main><h1>Flood warning</h1><p>Rivers rose overnight in the east.</p></main>
    <footer>Copyright footer</footer></body></html>"""
    text, _links, _url, _title = parse_html(page)
    assert text == "Flood warning\n\nRivers rose overnight in the east."


def test_page_without_article_or_main_uses_body() -> None:
    page = """<html><head><title>Weather</title></head><body>
    <header><div class="logo">Qaz Daily</div></header>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <h1>Flood warning</h1>
    <p>Rivers rose overnight in the east, <a href="/weather" rel="nofollow">forecasters said</a>.</p>
    <div class="social-share">Share on Telegram</div>
    <footer>Copyright footer</footer></body></html>"""
    text, all_links, _url, title = parse_html(page)
    links = in_text(all_links)
    assert text == "Flood warning\n\nRivers rose overnight in the east, forecasters said."
    assert title == "Weather"
    assert [(link.href, link.text, link.rel) for link in links] == [("/weather", "forecasters said", ("nofollow",))]
    assert {link.href for link in all_links} == {"/", "/news", "/weather"}  # nav links kept, with no length
    assert text[links[0].start:links[0].end] == "forecasters said"


def test_kazakh_terms_notice_is_dropped() -> None:
    page = """<article><p>Ауыл шаруашылығы министрлігі егіс науқанының басталғанын хабарлады.</p>
    <p>Материалдарды көшіріп басу тек сілтеме арқылы рұқсат етіледі.</p></article>"""
    assert counted(page) == "Ауыл шаруашылығы министрлігі егіс науқанының басталғанын хабарлады."


def test_a_long_story_paragraph_mentioning_a_link_is_not_a_terms_notice() -> None:
    story = ("Scientists said they could not reproduce the result, and the link between the drug and recovery "
             "remained unclear. ") * 8
    page = f"<article><p>{story.strip()}</p></article>"
    text, _links, _url, _title = parse_html(page)
    assert text == story.strip()


def test_a_short_story_paragraph_mentioning_a_link_is_not_a_terms_notice() -> None:
    # "reproduce" and "link" in a news sentence do not make it the publisher's reuse terms.
    story = "Scientists could not reproduce the result, and the link between the drug and recovery remained unclear."
    page = f"<article><p>Doctors met in Almaty on Friday.</p><p>{story}</p></article>"
    text, _links, _url, _title = parse_html(page)
    assert text == f"Doctors met in Almaty on Friday.\n\n{story}"


def test_load_html_file(tmp_path: Path) -> None:
    path = tmp_path / "original.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = load_document(path)
    assert doc.format == "html"
    assert doc.url == CANONICAL
    assert doc.title == "Bridge opens over the Ishim | Qaz Daily"
    assert doc.tokens.words[:5] == ("bridge", "opens", "over", "the", "ishim")
    assert "hyperlink" not in doc.tokens.words
    assert [link.text for link in in_text(doc.links)] == ["said in a statement", "the transport ministry"]
    for link in in_text(doc.links):
        assert doc.text[link.start:link.end] == link.text


@pytest.mark.parametrize(
    "paragraph",
    [
        '<p>The council<a href="/x"> said in a statement</a>.</p>',  # leading space inside the anchor
        '<p>The council <a href="/x">said in a statement </a>today.</p>',  # trailing space inside the anchor
        '<p>Read <a href="/x">\n    said in a statement\n  </a> now.</p>',  # anchor text on its own line
    ],
)
def test_link_offsets_exclude_whitespace_around_the_anchor(paragraph: str) -> None:
    text, links, _url, _title = parse_html(f"<article>{paragraph}</article>")
    [link] = links
    assert link.text == "said in a statement"
    assert text[link.start:link.end] == link.text


def test_image_only_link_has_empty_anchor() -> None:
    page = '<article><p>See <a href="https://img.example.kz/1"><img src="a.png" alt="x"></a> the photo.</p></article>'
    text, links, _url, _title = parse_html(page)
    [link] = links
    assert link.text == ""
    assert link.start == link.end
    assert text == "See the photo."
