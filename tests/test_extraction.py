"""Finding the article in real-looking HTML pages: the story, not a teaser card; headline and standfirst
once; furniture left out but its links kept; body links with exact offsets and rel; the fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

import reusecheck
from reusecheck.documents import Document, load_document, parse_document
from reusecheck.documents.html import parse_html
from reusecheck.documents.model import from_text

ORIGINAL_URL = "https://www.upriver.example/news/2026/04/ferry-pier-rebuilt"

# The original story: eight paragraphs of about the same length.
STORY = [
    "The wooden ferry pier at Kelso Point reopened on Saturday after a rebuild that took eleven months and "
    "replaced every pile that had held it up since the nineteen fifties.",
    "Divers found last spring that more than half of the old oak piles had rotted below the waterline, and "
    "the harbour board closed the pier to passengers the same week.",
    "Ferries to the islands were moved to a temporary landing stage at the fish quay, which added twenty "
    "minutes to each crossing and left no shelter for people waiting in the rain.",
    "The new pier stands on steel piles driven into the rock of the river bed, and its deck is made of "
    "recycled plastic planks that the contractor says will last for sixty years.",
    "Harbour master Agnes Tolland said the board had chosen steel after comparing the cost of three designs "
    "over the whole life of the structure rather than the price of building it.",
    "Regular passengers welcomed the return to the old landing, which is a short walk from the bus station "
    "and the market square, though some missed the creak of the old boards.",
    "The rebuild cost four million, of which the regional transport fund paid three quarters and the "
    "harbour board the rest from its reserves and a loan from the town council.",
    "A small exhibition about the history of the pier, with photographs lent by local families, will stay "
    "open in the ticket office until the end of the summer season.",
]
OWN = [
    "Our correspondent took the first crossing of the morning and found the boat almost full of islanders "
    "carrying shopping, crates of seedlings and one very patient sheepdog.",
    "Island shopkeepers say a reliable landing matters more to them than a fast one, since most deliveries "
    "still come over by ferry in vans that queue on the pier at dawn.",
    "The ferry company has not said whether it will return to its old winter timetable, which had two more "
    "sailings on weekdays before the pier was closed for repairs.",
    "Several readers wrote in to ask whether the old oak piles would be reused, and the harbour board says "
    "some of the timber will become benches along the promenade.",
]
NAV = """<header class="site-header"><a class="logo" href="/">Lower Wold Echo</a>
<nav><a href="/news">News</a> <a href="/sport">Sport</a> <a href="/whats-on">What's on</a></nav></header>"""
FOOTER = """<footer class="site-footer"><p>Lower Wold Echo, 3 Quay Street. <a href="/contact">Contact us</a></p>
</footer>"""


def page(body: str, title: str = "Pier reopens at Kelso Point", head: str = "") -> str:
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | Lower Wold Echo"
            f"</title>{head}<script>window.dataLayer=[];</script></head><body>{NAV}{body}{FOOTER}</body></html>")


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def counted(doc: Document) -> str:
    return " ".join(doc.text[a:b] for a, b in doc.counted)


@pytest.fixture
def original() -> Document:
    return from_text("\n\n".join(STORY), source="original.txt", url=ORIGINAL_URL)


def half_copy() -> tuple[list[str], float]:
    """A candidate's body: every other paragraph of the original, with its own in between."""
    body = [p for pair in zip(STORY[::2], OWN, strict=True) for p in pair]
    return body, words(STORY[::2]) / words(STORY)


def share(candidate: Path, original: Document) -> float:
    comparison = reusecheck.compare(candidate, [original])
    return comparison.originals[0].overlap.share_of_original


def test_a_teaser_card_first_is_not_the_article(tmp_path: Path, original: Document) -> None:
    body, expected = half_copy()
    teaser = """<section class="editors-pick"><article class="teaser"><a href="/news/2026/04/lifeboat-day">
      <h2>Lifeboat open day draws a crowd to the slipway</h2>
      <p>Families queued to climb aboard the new lifeboat and meet the volunteer crew on Sunday.</p>
      </a></article></section>"""
    story = f"""<div class="story"><h1>Pier reopens at Kelso Point</h1>
      <div class="story-body">{paragraphs(body)}</div></div>"""
    path = tmp_path / "candidate.html"
    path.write_text(page(teaser + story), encoding="utf-8")
    assert share(path, original) == pytest.approx(expected, abs=0.03)
    assert "lifeboat" not in load_document(path).tokens.words


def test_an_empty_article_falls_back_to_the_page_text(tmp_path: Path, original: Document) -> None:
    body, expected = half_copy()
    html = page(f"""<article class="story-wrapper"><!-- filled in by a script --></article>
      <div id="content"><h1>Pier reopens at Kelso Point</h1>{paragraphs(body)}</div>""")
    path = tmp_path / "candidate.html"
    path.write_text(html, encoding="utf-8")
    assert share(path, original) == pytest.approx(expected, abs=0.03)


def test_a_related_box_of_cards_after_the_story_is_not_the_article(original: Document) -> None:
    cards = "".join(f"""<article class="card"><a href="/news/{i}"><h3>Another story about the quay number {i}</h3>
      <p>{OWN[i]}</p></a></article>""" for i in range(3))
    html = page(f"""<main><article><h1>Pier reopens at Kelso Point</h1>{paragraphs(STORY)}</article>
      <section class="more-stories"><h2>More from the coast</h2>{cards}</section></main>""")
    doc = parse_document(html, "page.html", "html")
    assert "sheepdog" not in doc.tokens.words
    assert doc.words == words(STORY) + len("Pier reopens at Kelso Point".split())


def test_teaser_summaries_beside_their_headline_links_are_not_the_article() -> None:
    items = "".join(f"""<div class="news-item"><span class="date">1{i}.04.2026</span>
      <a href="/news/{i}"><b>Another story from the coast, number {i}</b></a><p>{OWN[i]}</p></div>""" for i in range(3))
    html = page(f"""<div class="news-detail"><h1>Pier reopens at Kelso Point</h1>
      <div class="detail-text">{paragraphs(STORY)}</div></div><div class="news-list-other">{items}</div>""")
    doc = parse_document(html, "page.html", "html")
    assert "sheepdog" not in doc.tokens.words
    assert doc.words == words(STORY) + 5


def test_headline_and_standfirst_lead_the_text_once() -> None:
    standfirst = "A rebuilt pier on steel piles brings the island ferries back to the town centre."
    html = page(f"""<article><header class="entry-header"><h1 class="entry-title">Pier reopens at Kelso Point</h1>
      <p class="entry-meta">By Ruth Calloway, 12 April 2026</p>
      <p class="standfirst">{standfirst}</p></header>
      <div class="entry-content">{paragraphs(STORY)}</div></article>""")
    text, _links, _url, _title = parse_html(html)
    assert text.startswith(f"Pier reopens at Kelso Point\n\n{standfirst}\n\n{STORY[0]}")
    assert text.count("Pier reopens at Kelso Point") == 1
    assert text.count(standfirst) == 1
    assert "Calloway" not in text  # the byline is not the article


def test_a_headline_the_extractor_kept_is_not_repeated() -> None:
    html = page(f"""<article><h1>Pier reopens at Kelso Point</h1>{paragraphs(STORY)}</article>""")
    text, _links, _url, _title = parse_html(html)
    assert text.count("Pier reopens at Kelso Point") == 1
    assert text.startswith(f"Pier reopens at Kelso Point\n\n{STORY[0]}")


def test_a_headline_outside_the_body_is_added_before_it() -> None:
    # The headline sits in a page header far from the body, as many templates put it.
    html = page(f"""<div class="page-title"><h1>Pier reopens at Kelso Point</h1></div>
      <div class="layout"><div class="col-main"><div class="text">{paragraphs(STORY)}</div></div></div>""")
    text, _links, _url, _title = parse_html(html)
    assert text.split("\n\n")[:2] == ["Pier reopens at Kelso Point", STORY[0]]


def test_body_link_offsets_and_rel_come_from_the_page() -> None:
    linked = STORY[1].replace("the harbour board", '<a href="/board/notice-7" rel="nofollow noopener">the '
                                                    "harbour board</a>")
    html = page(f"""<article><h1>Pier reopens at Kelso Point</h1><p>{STORY[0]}</p><p>{linked}</p>
      {paragraphs(STORY[2:])}</article>""", head=f'<link rel="canonical" href="{ORIGINAL_URL}">')
    doc = parse_document(html, "page.html", "html")
    [link] = [link for link in doc.links if link.end > link.start]
    assert doc.text[link.start:link.end] == link.text == "the harbour board"
    assert link.rel == ("nofollow", "noopener")
    assert link.href == "https://www.upriver.example/board/notice-7"


def test_furniture_links_are_kept_with_their_rel_where_they_stood() -> None:
    html = page(f"""<div class="topline"><a href="https://partner.example/" rel="sponsored">Partner</a></div>
      <article><h1>Pier reopens at Kelso Point</h1>{paragraphs(STORY)}
      <div class="partner-box attribution"><p>This story was first published by
      <a href="{ORIGINAL_URL}" rel="nofollow">the Upriver Gazette</a> and is republished with permission.</p></div>
      </article>""")
    doc = parse_document(html, "page.html", "html")
    by_href = {link.href: link for link in doc.links}
    before, after = by_href["https://partner.example/"], by_href[ORIGINAL_URL]
    assert (before.start, before.end, before.rel) == (0, 0, ("sponsored",))
    assert (after.start, after.end, after.rel) == (len(doc.text), len(doc.text), ("nofollow",))
    assert "republished" not in doc.tokens.words
    assert doc.paragraph_of(after.start) == len(STORY) + 2  # after the headline and the whole story


def test_a_link_box_between_paragraphs_stands_at_that_boundary() -> None:
    html = page(f"""<article><h1>Pier reopens at Kelso Point</h1>{paragraphs(STORY[:3])}
      <div class="share-tools"><a href="https://social.example/share?u=1">Share</a></div>
      {paragraphs(STORY[3:])}</article>""")
    doc = parse_document(html, "page.html", "html")
    [share_link] = [link for link in doc.links if "social.example" in link.href]
    assert share_link.start == share_link.end == doc.text.index(STORY[3])
    assert "share" not in doc.tokens.words


def test_cookie_banner_comments_and_related_box_are_left_out() -> None:
    cookie = """<div id="consent" class="cookie-banner" role="dialog"><h2>We value your privacy</h2>
      <p>We and our many partners store and access information on your device, such as cookies and unique
      identifiers, to measure audiences, personalise advertising and improve our services over time.</p>
      <button>Accept all</button><button>Reject all</button></div>"""
    related = """<aside class="related"><h2>Related</h2><ul>
      <li><a href="/news/old-pier-closed">Old pier closed after divers find rotten piles</a></li>
      <li><a href="/news/temporary-stage">Temporary landing stage opens at the fish quay</a></li></ul></aside>"""
    comments = "".join(f"""<li class="comment"><p class="comment-author">Reader {i}</p>
      <div class="comment-content"><p>{OWN[i]} Honestly, the council should have done this years ago.</p></div>
      </li>""" for i in range(4))
    html = page(f"""{cookie}<article><h1>Pier reopens at Kelso Point</h1>{paragraphs(STORY)}{related}</article>
      <section id="comments" class="comments-area"><h2>4 comments</h2><ol class="comment-list">{comments}</ol>
      </section>""")
    doc = parse_document(html, "page.html", "html")
    text = counted(doc)
    for furniture in ("privacy", "cookies", "Temporary landing", "Honestly", "sheepdog", "Reader"):
        assert furniture not in text
    assert doc.words == words(STORY) + 5


def test_terms_notice_is_not_counted_but_its_link_is_kept() -> None:
    notice = (f'<p class="note">No more than 30% of this article may be reused, only with a hyperlink to '
              f'<a href="{ORIGINAL_URL}">the original</a>.</p>')
    html = page(f"<article><h1>Pier reopens at Kelso Point</h1>{paragraphs(STORY)}{notice}</article>")
    doc = parse_document(html, "page.html", "html")
    assert "hyperlink" not in doc.tokens.words
    assert "30" not in doc.tokens.words
    assert any(link.href == ORIGINAL_URL for link in doc.links)


def test_russian_terms_notice_is_not_counted() -> None:
    story = ["Городской паром снова причаливает к старой пристани после ремонта, который занял почти год.",
             "Деревянные сваи заменили стальными, а настил сделали из переработанного пластика, который "
             "прослужит не меньше шестидесяти лет, уверяют строители.",
             "Пассажиры рады, что больше не нужно добираться до временного причала у рыбного рынка, где не "
             "было даже навеса от дождя."]
    html = page(f"""<article><h1>Паром вернулся к старой пристани</h1>{paragraphs(story)}
      <p>Перепечатка материалов разрешена только с гиперссылкой на источник.</p></article>""",
                title="Паром вернулся к старой пристани")
    doc = parse_document(html, "page.html", "html")
    assert "гиперссылкой" not in doc.tokens.words
    assert doc.words == words(story) + 5


def test_a_tiny_page_falls_back_to_the_walk_of_main() -> None:
    html = page("""<div class="promo">Win a weekend on the islands</div>
      <main><h1>Pier closed</h1><p>The pier is shut until Friday for repairs.</p></main>""")
    text, _links, _url, _title = parse_html(html)
    assert text == "Pier closed\n\nThe pier is shut until Friday for repairs."


def test_hidden_text_is_not_read() -> None:
    hidden = f"""<p hidden>{OWN[0]}</p><div style="display: none"><p>{OWN[1]}</p></div>"""
    html = page(f"<article><h1>Pier reopens at Kelso Point</h1>{paragraphs(STORY[:4])}{hidden}"
                f"{paragraphs(STORY[4:])}</article>")
    doc = parse_document(html, "page.html", "html")
    assert "sheepdog" not in doc.tokens.words
    assert "shopkeepers" not in doc.tokens.words
    assert doc.words == words(STORY) + 5
