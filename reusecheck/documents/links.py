"""Bare URLs written in text, and URL normalisation for comparing link targets."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from reusecheck.documents.model import Link

_BARE_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'«»“”\[\]{}|\\^`]+")
_TRAILING = ".,;:!?)'\"»”’"

# Query parameters that only track a click and never select the article.
TRACKING_PARAMS = frozenset(
    """fbclid gclid dclid msclkid yclid igshid mc_cid mc_eid _ga _gl ref ref_src cmpid ito ncid
    share_source from_source""".split()
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_")
_AMP_PATH = re.compile(r"(?:/amp/?$|^/amp(?=/)|\.amp(?=\.html?$|$))")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def bare_urls(text: str, links: tuple[Link, ...]) -> tuple[Link, ...]:
    """URLs written out in `text` outside any hyperlink, as unlinked Links."""
    found: list[Link] = []
    for m in _BARE_URL.finditer(text):
        url = m.group().rstrip(_TRAILING)
        start, end = m.start(), m.start() + len(url)
        if any(link.start <= start < link.end for link in links):
            continue
        href = url if "://" in url else f"http://{url}"
        found.append(Link(href=href, text=url, start=start, end=end, linked=False, syntax="bare-url"))
    return tuple(found)


def normalise_url(url: str) -> str:
    """A comparable form of an article URL.

    Equal for variants that open the same article: scheme, `www.`, case of the host, default port,
    trailing slash, fragment, tracking parameters, AMP variants (`/amp`, `amp.` host, `?amp=1`), and
    percent-encoding of the path.
    """
    raw = url.strip()
    if "://" not in raw and not raw.startswith("//"):
        raw = "//" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:
        # Not a URL at all (an unclosed IPv6 bracket, say): equal only to itself, so it matches nothing.
        return raw.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in ("www.", "amp.", "m."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = (parts.scheme or "http").lower()
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    # Percent-encoded and written-out non-ASCII paths open the same page.
    path = _AMP_PATH.sub("", unquote(parts.path)).rstrip("/")
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS
        and not key.lower().startswith(_TRACKING_PREFIXES)
        and not (key.lower() in ("amp", "outputtype") and value.lower() in ("", "1", "true", "amp"))
    ]
    return urlunsplit(("", host, path, urlencode(sorted(query)), "")).lstrip("/")


def domain_of(url: str) -> str:
    """The host of a URL without `www.`, `amp.` or `m.`, lower-cased."""
    return normalise_url(url).split("/", 1)[0].split(":", 1)[0]


def same_site(host: str, domain: str) -> bool:
    """True when `host` is `domain` or one of its subdomains."""
    return host == domain or host.endswith("." + domain)
