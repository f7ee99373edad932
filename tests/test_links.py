"""Unit tests for reusecheck.documents.links: URL normalisation, domains and bare URLs."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from reusecheck.documents.links import bare_urls, domain_of, normalise_url, same_site
from reusecheck.documents.model import Link

ARTICLE = "https://qazmonitor.com/news/2024/bridge-opens"


@pytest.mark.parametrize(
    "variant",
    [
        "https://qazmonitor.com/news/2024/bridge-opens",
        "http://qazmonitor.com/news/2024/bridge-opens",  # scheme
        "https://www.qazmonitor.com/news/2024/bridge-opens",  # www.
        "https://QazMonitor.COM/news/2024/bridge-opens",  # host case
        "HTTPS://WWW.QAZMONITOR.COM/news/2024/bridge-opens",
        "https://qazmonitor.com:443/news/2024/bridge-opens",  # default port
        "http://qazmonitor.com:80/news/2024/bridge-opens",
        "https://qazmonitor.com/news/2024/bridge-opens/",  # trailing slash
        "https://qazmonitor.com/news/2024/bridge-opens#comments",  # fragment
        "https://qazmonitor.com/news/2024/bridge-opens/#top",
        "https://qazmonitor.com/news/2024/bridge-opens?utm_source=telegram&utm_medium=social&utm_campaign=x",
        "https://qazmonitor.com/news/2024/bridge-opens?fbclid=IwAR0abc",
        "https://qazmonitor.com/news/2024/bridge-opens?gclid=Cj0KCQ",
        "https://qazmonitor.com/news/2024/bridge-opens?UTM_Source=x",
        "https://qazmonitor.com/news/2024/bridge-opens/amp",  # AMP variants
        "https://qazmonitor.com/news/2024/bridge-opens/amp/",
        "https://amp.qazmonitor.com/news/2024/bridge-opens",
        "https://qazmonitor.com/news/2024/bridge-opens?amp=1",
        "https://qazmonitor.com/news/2024/bridge-opens?amp",
        "https://qazmonitor.com/amp/news/2024/bridge-opens",
        "https://m.qazmonitor.com/news/2024/bridge-opens",  # mobile host
        "qazmonitor.com/news/2024/bridge-opens",  # no scheme
        "//qazmonitor.com/news/2024/bridge-opens",
        "  https://qazmonitor.com/news/2024/bridge-opens  ",
        "https://qazmonitor.com./news/2024/bridge-opens",  # trailing dot of a fully qualified host
    ],
)
def test_variants_of_one_article_normalise_equal(variant: str) -> None:
    assert normalise_url(variant) == normalise_url(ARTICLE)


def test_normal_form() -> None:
    assert normalise_url("https://www.QazMonitor.com/news/bridge/?utm_source=x#top") == "qazmonitor.com/news/bridge"


def test_amp_html_variant() -> None:
    assert normalise_url("https://qazmonitor.com/news/bridge.amp.html") == normalise_url(
        "https://qazmonitor.com/news/bridge.html"
    )
    assert normalise_url("https://qazmonitor.com/news/bridge.amp") == normalise_url("https://qazmonitor.com/news/bridge")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://qazmonitor.com/news/camp", "https://qazmonitor.com/news/c"),  # 'amp' inside a word is not AMP
        ("https://qazmonitor.com/news/ampere", "https://qazmonitor.com/news/ere"),
        ("https://qazmonitor.com/news/bridge?amp=0", "https://qazmonitor.com/news/bridge"),
        ("https://qazmonitor.com:8443/news/bridge", "https://qazmonitor.com/news/bridge"),  # non-default port
        ("http://qazmonitor.com:443/news/bridge", "http://qazmonitor.com/news/bridge"),  # 443 is not http's default
        ("https://qazmonitor.com/news/bridge?id=42", "https://qazmonitor.com/news/bridge"),
        ("https://qazmonitor.com/news/bridge?id=42", "https://qazmonitor.com/news/bridge?id=43"),
        ("https://qazmonitor.com/news/bridge", "https://qazmonitor.com/news/bridges"),
        ("https://qazmonitor.com/News/Bridge", "https://qazmonitor.com/news/bridge"),  # path case matters
        ("https://qazmonitor.com/news/bridge", "https://qazmonitor.kz/news/bridge"),
        ("https://news.qazmonitor.com/x", "https://qazmonitor.com/x"),
    ],
)
def test_different_articles_stay_different(a: str, b: str) -> None:
    assert normalise_url(a) != normalise_url(b)


def test_non_default_port_is_kept() -> None:
    assert normalise_url("https://QazMonitor.com:8443/news/bridge") == "qazmonitor.com:8443/news/bridge"


def test_other_parameters_are_kept_and_order_insensitive() -> None:
    a = normalise_url("https://qazmonitor.com/article.php?id=42&lang=kk&utm_source=x")
    b = normalise_url("https://qazmonitor.com/article.php?lang=kk&fbclid=abc&id=42")
    assert a == b
    assert "id=42" in a
    assert "lang=kk" in a
    assert "utm" not in a
    assert "fbclid" not in b


def test_percent_encoded_and_unicode_paths_normalise_equal() -> None:
    # A Kazakh slug written out and the same slug percent-encoded (as Markdown renderers and browsers do)
    # open the same article.
    written = "https://kaz.example.kz/news/жаңа-көпір"
    encoded = quote(written, safe=":/")
    assert encoded != written
    assert normalise_url(encoded) == normalise_url(written)


# --- domains -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.QazMonitor.com/news/bridge", "qazmonitor.com"),
        ("https://amp.qazmonitor.com/news/bridge", "qazmonitor.com"),
        ("https://m.qazmonitor.com/news/bridge", "qazmonitor.com"),
        ("https://News.QazMonitor.com/x", "news.qazmonitor.com"),
        ("https://qazmonitor.com:8443/news", "qazmonitor.com"),
        ("qazmonitor.com/news", "qazmonitor.com"),
        ("http://user@www.qazmonitor.kz:8080/x", "qazmonitor.kz"),
    ],
)
def test_domain_of(url: str, domain: str) -> None:
    assert domain_of(url) == domain


@pytest.mark.parametrize(
    ("host", "domain", "expected"),
    [
        ("qazmonitor.com", "qazmonitor.com", True),
        ("news.qazmonitor.com", "qazmonitor.com", True),
        ("a.b.qazmonitor.com", "qazmonitor.com", True),
        ("evilqazmonitor.com", "qazmonitor.com", False),
        ("qazmonitor.com.evil.io", "qazmonitor.com", False),
        ("qazmonitor.co", "qazmonitor.com", False),
        ("qazmonitor.com", "news.qazmonitor.com", False),
    ],
)
def test_same_site(host: str, domain: str, expected: bool) -> None:
    assert same_site(host, domain) is expected


def test_same_site_with_domain_of() -> None:
    assert same_site(domain_of("https://www.news.qazmonitor.com/a"), domain_of("https://qazmonitor.com/"))
    assert not same_site(domain_of("https://evilqazmonitor.com/a"), domain_of("https://qazmonitor.com/"))


# --- bare URLs ---------------------------------------------------------------------------------


def test_bare_urls_are_unlinked_and_offsets_index_the_text() -> None:
    text = "Source: https://qazmonitor.com/news/bridge. Also see www.tengri.example.kz/a/1, or (https://x.kz/b)!"
    found = bare_urls(text, ())
    assert [(link.text, link.href) for link in found] == [
        ("https://qazmonitor.com/news/bridge", "https://qazmonitor.com/news/bridge"),
        ("www.tengri.example.kz/a/1", "http://www.tengri.example.kz/a/1"),
        ("https://x.kz/b", "https://x.kz/b"),
    ]
    for link in found:
        assert link.linked is False
        assert link.syntax == "bare-url"
        assert text[link.start:link.end] == link.text


def test_bare_url_in_quotation_marks() -> None:
    text = "Дереккөз: «https://qazmonitor.com/kk/news/1» және “https://qazmonitor.com/en/news/1”."
    found = bare_urls(text, ())
    assert [link.text for link in found] == ["https://qazmonitor.com/kk/news/1", "https://qazmonitor.com/en/news/1"]


def test_bare_url_inside_a_hyperlink_is_not_reported_again() -> None:
    text = "Read https://qazmonitor.com/news/bridge today."
    start = text.index("https")
    end = start + len("https://qazmonitor.com/news/bridge")
    link = Link(href="https://qazmonitor.com/news/bridge", text=text[start:end], start=start, end=end)
    assert bare_urls(text, (link,)) == ()


def test_no_bare_urls_in_plain_prose() -> None:
    assert bare_urls("The minister visited Astana and Almaty on Friday.", ()) == ()
