"""URL helpers: one normal form for the site's own URLs, and internal/external tests.

The normal form of an internal URL is its path (plus query), with the fragment dropped,
``index.html`` dropped, and a trailing ``/`` on a path whose last part has no file
extension — so ``https://site.example/blog/2022/08/08#x``, ``/blog/2022/08/08`` and
``/blog/2022/08/08/index.html`` are all ``/blog/2022/08/08/``. External URLs keep their
path as written; only the scheme and host are lower-cased and the fragment dropped.

Two URLs have the same origin when their hosts match, ignoring case, a leading ``www.``,
the port and http vs https: a site that moved to https still links to itself over http.
For the same reason ``http://www.example.com/a`` and ``https://example.com/a`` are one
page: they share a *page key* (:func:`page_key`).
"""

from __future__ import annotations

from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

_WEB_SCHEMES = ("http", "https")


def normalize_url(href: str, site_origin: str = "") -> str:
    """Return the normal form of a link target.

    Args:
        href: the target as written in a link.
        site_origin: the site's origin (``https://site.example``); absolute URLs on it
            become paths. Empty when unknown.

    Returns:
        A path (``/blog/x/``) for relative and same-origin targets, an absolute URL
        without fragment for other web URLs, ``href`` unchanged for other schemes
        (``mailto:``), and ``""`` for a bare fragment or an empty href.
    """
    href = href.strip()
    return href if _is_normal_path(href) else _normalize_parsed(href, site_origin)


def _normalize_parsed(href: str, site_origin: str) -> str:
    parts = _split(href)
    if parts is None:
        return href
    if parts.scheme and parts.scheme.lower() not in _WEB_SCHEMES:
        return href
    if parts.netloc and not (site_origin and same_origin(href, site_origin)):
        scheme = parts.scheme.lower()
        return urlunsplit((scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))
    if not parts.path and not parts.netloc:
        return "?" + parts.query if parts.query else ""
    path = _slashed(parts.path or "/")
    return f"{path}?{parts.query}" if parts.query else path


def decoded(url: str) -> str:
    """A URL with its percent-escapes decoded: the form under which ``/caf%C3%A9/x/``,
    ``/caf%c3%a9/x/`` and ``/café/x/`` (as a browser shows it, and writers paste it) are
    one URL."""
    return unquote(url) if "%" in url else url


def page_key(href: str, site_origin: str = "") -> str:
    """The key under which variants of one page's URL are equal: its normal form
    (:func:`normalize_url`) without the http/https distinction or a leading ``www.``.

    ``http://www.example.com/a`` and ``https://example.com/a`` are both
    ``//example.com/a``. Paths (targets on ``site_origin``, relative links) and other
    schemes keep their normal form: they have no scheme or host to drop.
    """
    normal = normalize_url(href, site_origin)
    if is_path(normal):
        return normal  # every post URL (an index holds 100,000s of them)
    parts = _split(normal)
    if parts is None or not parts.netloc or parts.scheme not in ("", *_WEB_SCHEMES):
        return normal
    return urlunsplit(("", parts.netloc.removeprefix("www."), parts.path, parts.query, ""))


def is_internal(href: str, site_origin: str = "") -> bool:
    """Whether a link target is a page of the site itself.

    Relative paths and absolute URLs on ``site_origin`` are internal. A bare fragment
    (``#notes``), an empty href and non-web schemes (``mailto:``, ``javascript:``) are
    not: they do not point at another page of the site.
    """
    href = href.strip()
    parts = _split(href)
    if parts is None:
        return False
    if parts.scheme and parts.scheme.lower() not in _WEB_SCHEMES:
        return False
    if parts.netloc:
        return bool(site_origin) and same_origin(href, site_origin)
    return bool(parts.path) and not parts.scheme


def domain(url: str) -> str:
    """The host of an absolute URL, lower-cased, without ``www.`` or port (else ``""``)."""
    parts = _split(url.strip())
    if parts is None or not parts.netloc:
        return ""
    try:
        host = parts.hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def same_origin(url: str, site_origin: str) -> bool:
    """Whether ``url`` is on the site at ``site_origin`` (see the module docstring)."""
    host = domain(url)
    return bool(host) and host == domain(site_origin)


def is_path(url: str) -> bool:
    """Whether ``url`` is a path (``/blog/x/``, maybe with a query): what
    :func:`normalize_url` makes of a link to the site itself. ``//host/x`` is not."""
    return url.startswith("/") and not url.startswith("//")


def _is_normal_path(href: str) -> bool:
    """Whether ``href`` is already in normal form as a path: ``/blog/x/``, the form every
    indexed post URL takes (checked without parsing: an index holds 100,000s of them)."""
    return href.endswith("/") and is_path(href) and not any(c in href for c in "?#\t\r\n\\")


def _split(href: str) -> SplitResult | None:
    try:
        return urlsplit(href)
    except ValueError:  # e.g. an invalid IPv6 host "http://[x"
        return None


def _slashed(path: str) -> str:
    head, _, last = path.rpartition("/")
    if last in ("index.html", "index.htm"):
        return head + "/"
    if last and "." not in last:
        return path + "/"
    return path


def page_forms(url: str) -> tuple[str, ...]:
    """The URLs under which a page answers: ``/about.html`` also at ``/about`` (GitHub
    Pages and most servers of Jekyll output serve it there)."""
    if url.endswith((".html", ".htm")) and is_path(url):
        return (url, normalize_url(url.rpartition(".")[0]))
    return (url,)
