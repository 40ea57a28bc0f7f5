"""Site folders as Jekyll, Hugo, Eleventy and Astro keep them -> :class:`Post` objects."""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import re
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from indexer.corpus import CorpusError, Post
from indexer.readers import EXTENSIONS, format_for_path, parse_document
from indexer.readers.fields import as_utc, is_draft, parse_local_date, str_list, text_field
from indexer.readers.front_matter import FrontMatterError, split_front_matter
from indexer.readers.permalink import expand_hugo_permalink, expand_permalink
from indexer.urls import is_path, normalize_url, page_forms

log = logging.getLogger(__name__)

_POST_EXTENSIONS = frozenset(ext for ext, fmt in EXTENSIONS.items() if fmt != "text")
_SKIP_DIRS = frozenset({"_site", "node_modules", "public", "dist"})
_KEEP_DIRS = frozenset({"_posts", "_drafts"})
_SKIP_NAMES = frozenset({"readme", "license", "licence", "changelog", "contributing"})
_DATED = re.compile(r"^(\d{4})-(\d\d?)-(\d\d?)-(.+)$")
#: Template syntax (Liquid, Nunjucks) in a front matter permalink (Eleventy computes it).
_TEMPLATE = re.compile(r"\{\{|\{%")


@dataclass(frozen=True)
class SiteConfig:
    """What a site's configuration file says about URLs.

    Attributes:
        permalink: the permalink rule or style (Jekyll ``permalink:``), if any.
        origin: the site's origin (Jekyll ``url:``, Hugo ``baseURL``), or ``""``.
        baseurl: a path prefix for every post URL (Jekyll ``baseurl:``), or ``""``.
        markdown: the site's Markdown renderer, lower case: Jekyll's ``markdown:``
            (``kramdown`` unless set), ``goldmark`` for Hugo (its default since 0.60;
            Blackfriday is gone), ``""`` without a configuration file.
        collections: Jekyll's collections that are written out (``output: true``),
            but ``posts``: ``(name, permalink rule or None)`` each.
        collections_dir: the folder Jekyll's collections live in (``""``: the root).
        include: Jekyll's ``include:``, paths or globs read although their names start
            with ``_`` or ``.`` (Minimal Mistakes keeps its pages in ``_pages/``).
        exclude: Jekyll's ``exclude:``, paths or globs Jekyll does not read.
        sections: Hugo's ``[permalinks]`` for pages, ``(section, rule)`` each (the
            section ``/`` for pages at the top of ``content/``).
        content_dir: Hugo's ``contentDir``, the folder of its content (``""``: ``content``).
        future: whether the site publishes posts dated in the future (Jekyll's
            ``future: true``, Hugo's ``buildFuture = true``); neither does by default.
        scheduled_after: when reading posts, the moment after which a post's date makes
            it scheduled, not published (unless :attr:`future`); ``None``: no such cut.
        defaults: Jekyll's front matter ``defaults:``, ``(scope, type, values)`` each: the
            scope a path (a glob, or a folder and what is under it) joined to the site's
            folder, the type ``posts``, ``drafts``, ``pages``, a collection's or ``""``,
            the values ``(key, value)`` pairs (lists as tuples).
        language: the one language of a site linkwright reads: Hugo's
            ``defaultContentLanguage`` (lower case, ``en`` unless set), or for a Jekyll site
            that lists ``languages:`` (jekyll-polyglot) its ``default_lang`` (``en`` unless
            set); ``""`` for any other site.
        languages: Hugo's ``[languages]``, ``(key, contentDir or "")`` each, or Jekyll's
            ``languages:``, ``(code, "")`` each; ``()`` for a site of one language.
        language_in_subdir: Hugo's ``defaultContentLanguageInSubdir``: the default
            language's pages, too, live under ``/en/``.
        language_from_path: jekyll-polyglot's ``lang_from_path``: a file without a
            ``lang`` is in the language its first or second folder names.
        timezone: the time zone a post's date is read in (Jekyll's ``timezone:``, Hugo's
            ``timeZone``), a name of the tz database; ``""`` when unset.
        generator: ``jekyll`` or ``hugo`` by the configuration file, ``""`` without one.
    """

    permalink: str | None = None
    origin: str = ""
    baseurl: str = ""
    markdown: str = ""
    collections: tuple[tuple[str, str | None], ...] = ()
    collections_dir: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()
    defaults: tuple[tuple[Path, str, tuple[tuple[str, object], ...]], ...] = ()
    content_dir: str = ""
    future: bool = False
    scheduled_after: datetime | None = None
    language: str = ""
    languages: tuple[tuple[str, str], ...] = ()
    language_in_subdir: bool = False
    language_from_path: bool = False
    timezone: str = ""
    generator: str = ""

    def with_defaults(
        self, meta: Mapping[str, object], path: Path, kinds: tuple[str, ...]
    ) -> dict[str, object]:
        """A file's front matter with what :attr:`defaults` give the file at ``path`` of
        one of the types ``kinds`` beneath it: its own keys first, then of the scopes that
        hold it the one of the longest path, then one that names a type, then the last
        (Jekyll's precedence)."""
        held = []
        for n, (scope, type_, values) in enumerate(self.defaults):
            inside = scope == path or scope in path.parents or fnmatch(str(path), str(scope))
            if inside and (not type_ or type_ in kinds):
                held.append(((len(scope.parts), bool(type_), n), values))
        merged: dict[str, object] = {}
        for _, values in sorted(held, key=lambda h: h[0]):
            merged.update(values)
        return {**merged, **meta}


#: Jekyll's configuration files, then Hugo's (``hugo.*``, or ``config.*`` before 0.110).
JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
_HUGO_FORMATS = ("toml", "yaml", "yml", "json")
HUGO_CONFIGS = tuple(f"{stem}.{ext}" for stem in ("hugo", "config") for ext in _HUGO_FORMATS)
SITE_CONFIGS = JEKYLL_CONFIGS + HUGO_CONFIGS
#: What Jekyll 4 never reads, besides what a site's ``exclude:`` adds.
JEKYLL_EXCLUDES = (
    *("node_modules", "gemfiles", "Gemfile", "Gemfile.lock"),
    *("vendor/bundle", "vendor/cache", "vendor/gems", "vendor/ruby"),
)
#: Hugo's configuration directory: its main file may live there instead of the root.
HUGO_CONFIG_DIR = Path("config", "_default")
#: The tables Hugo's configuration directory may keep in files of their own.
_HUGO_TABLES = ("permalinks", "languages")
#: The default language of Hugo and jekyll-polyglot when a configuration names none.
_DEFAULT_LANG = "en"


def config_files(folder: Path) -> list[Path]:
    """The site configuration files of ``folder`` that exist, in the order they count:
    Jekyll's, Hugo's at the root, then Hugo's in ``config/_default/``."""
    names = [Path(n) for n in SITE_CONFIGS] + [HUGO_CONFIG_DIR / n for n in HUGO_CONFIGS]
    return [folder / n for n in names if (folder / n).is_file()]


def read_site_config(folder: Path) -> SiteConfig:
    """Read ``_config.yml`` (Jekyll) or ``hugo.toml``/``config.toml`` (Hugo, also in YAML
    or JSON, at the root or in ``config/_default/``), if present.

    Raises:
        CorpusError: the configuration file is not valid YAML/TOML/JSON.
    """
    for path in config_files(folder):
        data = _load_config(path)
        hugo = path.name not in JEKYLL_CONFIGS
        if not isinstance(data, dict):
            if hugo:
                return SiteConfig(markdown="goldmark", language=_DEFAULT_LANG, generator="hugo")
            return SiteConfig(markdown="kramdown", generator="jekyll")
        if hugo:  # Hugo's settings are named in any case: baseURL, baseurl, BaseURL
            data = _lower_keys(data)
        for table in _HUGO_TABLES if path.parent == folder / HUGO_CONFIG_DIR else ():
            # a configuration directory may keep a table in a file of its own
            for extra in (path.with_name(f"{table}.{ext}") for ext in _HUGO_FORMATS):
                if table not in data and extra.is_file():
                    data[table] = _load_config(extra)
        rule = data.get("permalink")
        origin, baseurl = _text(data, "url", path).rstrip("/"), _text(data, "baseurl", path)
        if hugo:  # baseURL = "https://site.example/blog/": the origin, then a path
            try:
                parts = urlsplit(baseurl)
            except ValueError as exc:
                raise CorpusError(f"{path}: baseURL {baseurl!r} is not a URL: {exc}") from None
            origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
            baseurl = parts.path
        markdown = _text(data, "markdown", path).lower()
        return SiteConfig(
            permalink=rule if isinstance(rule, str) and rule.strip() else None,
            origin=origin,
            baseurl="/" + baseurl.strip("/") if baseurl.strip("/") else "",  # "blog/" too
            markdown="goldmark" if hugo else markdown or "kramdown",
            collections=() if hugo else _collections(data.get("collections")),
            collections_dir=_text(data, "collections_dir", path).strip("/"),
            include=() if hugo else _paths(data.get("include")),
            exclude=() if hugo else _paths(data.get("exclude")),
            sections=_hugo_permalinks(data.get("permalinks")) if hugo else (),
            defaults=() if hugo else _defaults(data.get("defaults"), folder),
            content_dir=_text(data, "contentdir", path).strip("/") if hugo else "",
            future=data.get("buildfuture" if hugo else "future") is True,
            language=_hugo_language(data, path) if hugo else _polyglot_language(data, path),
            languages=_hugo_languages(data.get("languages"), path)
            if hugo
            else _polyglot_languages(data.get("languages")),
            language_in_subdir=hugo and data.get("defaultcontentlanguageinsubdir") is True,
            language_from_path=not hugo and data.get("lang_from_path") is True,
            timezone=_timezone(_text(data, "timezone", path).strip(), path),
            generator="hugo" if hugo else "jekyll",
        )
    return SiteConfig()


def _text(data: Mapping[str, object], key: str, path: Path) -> str:
    """A configuration setting that must be text (a number counts), ``""`` when unset:
    :func:`~indexer.readers.fields.text_field`, as front matter is read.

    Raises:
        CorpusError: naming the file and the key, for a list, mapping or boolean.
    """
    try:
        return text_field(data, key)
    except ValueError as exc:
        raise CorpusError(f"{path}: {exc}") from None


def _load_config(path: Path) -> object:
    """A configuration file's data (TOML by its suffix, else YAML, which JSON is).

    Raises:
        CorpusError: the file cannot be read or parsed.
    """
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read site configuration: {exc}") from exc
    except RecursionError:
        raise CorpusError(f"{path}: cannot read site configuration: nested too deeply") from None


def _timezone(name: str, path: Path) -> str:
    """``name`` when it names a time zone of the tz database (``""`` stays ``""``).

    Raises:
        CorpusError: naming the file, for a name that is no time zone.
    """
    try:
        return name and ZoneInfo(name).key
    except (ValueError, OSError, ZoneInfoNotFoundError):  # "Europe" is a folder of it
        raise CorpusError(
            f"{path}: timezone {name[:80]!r} is not a time zone of the tz database "
            "(use a name such as Europe/Berlin or America/New_York)"
        ) from None


def _lower_keys(data: Mapping[object, object]) -> dict[str, object]:
    """A Hugo table with its keys in lower case, as Hugo matches them."""
    return {str(key).lower(): value for key, value in data.items()}


def _hugo_language(data: Mapping[str, object], path: Path) -> str:
    """Hugo's ``defaultContentLanguage``, lower case, ``en`` unless set."""
    return _text(data, "defaultcontentlanguage", path).lower() or _DEFAULT_LANG


def _polyglot_language(data: Mapping[str, object], path: Path) -> str:
    """jekyll-polyglot's ``default_lang`` (``en`` unless set) when ``languages:`` lists
    the site's languages; ``""`` for a Jekyll site of one language."""
    if not _polyglot_languages(data.get("languages")):
        return ""
    return _text(data, "default_lang", path).strip() or _DEFAULT_LANG


def _polyglot_languages(value: object) -> tuple[tuple[str, str], ...]:
    """jekyll-polyglot's ``languages: ["en", "fr"]``, as :attr:`SiteConfig.languages`
    holds them (codes as written: it matches a post's ``lang`` exactly)."""
    items = value if isinstance(value, list) else []
    return tuple((str(code).strip(), "") for code in items if _scalar(code) and str(code).strip())


def _hugo_languages(value: object, path: Path) -> tuple[tuple[str, str], ...]:
    """Hugo's ``[languages]`` table, as :attr:`SiteConfig.languages` holds it (a language
    ``disabled`` too: its pages are no more the default language's than any other's)."""
    out = []
    for key, meta in value.items() if isinstance(value, dict) else ():
        meta = _lower_keys(meta) if isinstance(meta, dict) else {}
        out.append((str(key).lower(), _text(meta, "contentdir", path).strip("/")))
    return tuple(out)


def _hugo_permalinks(value: object) -> tuple[tuple[str, str], ...]:
    """Hugo's ``[permalinks]`` table for pages: ``section = rule`` pairs, or since Hugo
    0.120 the same under ``[permalinks.page]`` (its other kinds, list pages, are no posts)."""
    if not isinstance(value, dict):
        return ()
    table = value["page"] if isinstance(value.get("page"), dict) else value
    return tuple(
        (str(section).strip("/") or "/", rule.strip())
        for section, rule in table.items()
        if isinstance(rule, str) and rule.strip()
    )


def _defaults(
    value: object, folder: Path
) -> tuple[tuple[Path, str, tuple[tuple[str, object], ...]], ...]:
    """The entries of Jekyll's ``defaults:`` that set a value, as
    :attr:`SiteConfig.defaults` holds them (an entry that is not a mapping of a scope and
    values is left out, as Jekyll does; so is a value that is not plain, but a list of
    plain values for categories and tags: no other key linkwright reads takes one, and
    the error would name a post that does not hold it)."""
    out = []
    for entry in value if isinstance(value, list) else []:
        scope = entry.get("scope") if isinstance(entry, dict) else None
        values = entry.get("values") if isinstance(entry, dict) else None
        kept = tuple(
            (str(key), tuple(v) if isinstance(v, list) else v)
            for key, v in (values.items() if isinstance(values, dict) else ())
            if _scalar(v) or (key in _LIST_KEYS and isinstance(v, list) and all(map(_scalar, v)))
        )
        if kept:
            scope = scope if isinstance(scope, dict) else {}
            where = str(scope.get("path") or "").strip().removeprefix("./").strip("/")
            out.append((folder / where, str(scope.get("type") or ""), kept))
    return tuple(out)


#: The front matter keys that take a list.
_LIST_KEYS = frozenset({"categories", "category", "tags", "tag"})


def _scalar(value: object) -> bool:
    """Whether a YAML value is a plain one: text, a number, a flag, a date or null."""
    return value is None or isinstance(value, str | int | float | date)


def _paths(value: object) -> tuple[str, ...]:
    """A list of paths or globs (Jekyll's ``include:``, ``exclude:``), each without its
    leading ``./`` or ``/`` and trailing ``/``; one string counts as a list of one."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    cleaned = (str(v).strip().removeprefix("./").strip("/") for v in items if v is not None)
    return tuple(v for v in cleaned if v)


def _collections(value: object) -> tuple[tuple[str, str | None], ...]:
    """Jekyll's ``collections:`` mapping, as the collections it writes out (a list of
    names writes none: ``output`` is false by default)."""
    if not isinstance(value, dict):
        return ()
    out = []
    for name, meta in value.items():
        if str(name) != "posts" and isinstance(meta, dict) and meta.get("output") is True:
            rule = meta.get("permalink")
            out.append((str(name), rule if isinstance(rule, str) and rule.strip() else None))
    return tuple(out)


def read_site(
    folder: Path,
    permalink: str | None = None,
    origin: str | None = None,
    now: datetime | None = None,
) -> Iterator[Post]:
    """Read every post of a static-site folder, in path order.

    Posts come from ``_posts/`` (and ``_drafts/``; both under the configuration's
    ``collections_dir`` when it names one), else ``content/`` (Hugo's ``contentDir``), else
    ``src/content/``, else any Markdown/HTML file under ``folder``. A post's URL is its
    front matter ``url``, else its front matter ``permalink``, else the site's permalink
    rule filled in with its ``slug`` (or the slug from its file name
    ``YYYY-MM-DD-slug.md``); without a rule, Jekyll's ``date`` style for ``_posts``, the
    rule Hugo's ``[permalinks]`` gives the post's section, and the file's path elsewhere
    (``content/posts/x.md`` -> ``/posts/x/``). Of a site in several languages (Hugo,
    jekyll-polyglot) only the default language's posts are read (the models read
    English); the others are counted in a warning.

    Args:
        folder: the site's root folder.
        permalink: a permalink rule overriding the site configuration's.
        origin: the site's origin overriding the configuration's ``url``.

    Raises:
        CorpusError: naming the file, for invalid front matter or text that is not
            UTF-8, and when the folder holds no posts at all.
    """
    if not Path(folder).is_dir():
        raise CorpusError(f"{folder}: not a folder")
    folder = Path(folder).absolute()  # posts' paths hold wherever batch work later runs
    config = read_site_config(folder)
    site = replace(  # the configuration, with the caller's overrides and the time
        config,
        permalink=permalink or config.permalink,
        origin=config.origin if origin is None else origin.rstrip("/"),
        scheduled_after=None if config.future else (now or datetime.now(UTC)),
    )
    count, others = 0, Counter[str]()
    for path, root in _post_files(folder, config):
        language = post_language(path, folder, config)  # Hugo's, by the file's name
        if language == config.language:  # then by what the file says
            post, language = _read(path, root, site, folder)
            if language == config.language:
                yield post
                count += 1
                continue
        others[language] += 1
    if others:
        log.warning(
            "%s: %d posts in other languages than the site's default, %r, left out (%s); "
            "linkwright reads one language",
            folder,
            others.total(),
            config.language,
            ", ".join(f"{lang}: {n}" for lang, n in sorted(others.items())),
        )
    if not count:
        raise CorpusError(
            f"{folder}: no posts found (looked for Markdown or HTML files in _posts/, "
            "content/, src/content/ or the folder itself"
            + (f", in the default language {config.language!r})" if others else ")")
        )


def post_language(
    path: Path, folder: Path, site: SiteConfig, meta: Mapping[str, object] | None = None
) -> str:
    """The language of the content file at ``path`` of a site in several languages.

    A Hugo file's is the code before its extension when it is one of the site's
    (``about.fr.md``), else the language whose ``contentDir`` holds the file. A Jekyll
    file's (jekyll-polyglot) is its front matter ``lang`` in ``meta``, else with
    ``lang_from_path`` the language its first or second folder names (``fr/about.md``,
    ``_posts/fr/x.md``); before its front matter is read (``meta`` ``None``) it is not
    known. Else, and then, the default; ``""`` for a site of one language.
    """
    if not site.language:
        return ""
    codes = {key for key, _ in site.languages}
    if site.generator == "jekyll":
        if meta is None:
            return site.language
        own = text_field(meta, "lang").strip()
        parts = path.relative_to(folder).parts[:-1][:2] if site.language_from_path else ()
        return own or next((p for p in parts if p in codes), site.language)
    code = _language_code(path, site)
    if code:
        return code
    held = [
        (len(d.split("/")), key) for key, d in site.languages if d and folder / d in path.parents
    ]
    return max(held)[1] if held else site.language


def language_baseurl(site: SiteConfig, language: str) -> str:
    """The path prefix of the pages in ``language`` (:func:`post_language`): the site's
    ``baseurl``, and the language's code after it when that is not the default's (or
    when Hugo puts the default, too, under ``/en/``)."""
    if language and (language != site.language or site.language_in_subdir):
        return f"{site.baseurl}/{language}"
    return site.baseurl


def _language_code(path: Path, site: SiteConfig) -> str:
    """The language code of a Hugo file name (``fr`` in ``about.fr.md``), ``""`` if none
    (and for a site not Hugo's: Jekyll reads no language from a file's name)."""
    parts = path.name.split(".")
    code = parts[-2].lower() if len(parts) > 2 and site.generator == "hugo" else ""
    return code if code in {site.language, *(key for key, _ in site.languages)} else ""


def content_roots(folder: Path, config: SiteConfig) -> list[Path]:
    """The folders a site at ``folder`` keeps its posts in: Jekyll's ``_posts/`` and
    ``_drafts/`` (under its ``collections_dir``), else Hugo's ``content/`` (or its
    ``contentDir``, or its default language's), else Astro's ``src/content/``; ``[]``
    for a folder that has none."""
    jekyll = _jekyll_roots(folder, config)
    if jekyll:
        return jekyll
    own = dict(config.languages).get(config.language)  # the default language's contentDir
    hugo = folder / (own or config.content_dir or "content")
    return [root for root in (hugo, folder / "src" / "content") if root.is_dir()][:1]


def is_jekyll(folder: Path, config: SiteConfig) -> bool:
    """Whether the site at ``folder`` is Jekyll's: it has ``_posts/`` (under its
    ``collections_dir``), or Jekyll's configuration file and posts in folders such as
    ``en/_posts/``."""
    return bool(_jekyll_roots(folder, config))


def _jekyll_roots(folder: Path, config: SiteConfig) -> list[Path]:
    base = folder / config.collections_dir
    own = (base / "_posts").is_dir()
    if config.collections_dir:  # then Jekyll reads posts only there
        return [base / "_posts", base / "_drafts"] if own else []
    configured = own or any((folder / name).is_file() for name in JEKYLL_CONFIGS)
    nested = _nested_posts(folder, config) if configured else ()
    return [base / "_posts", base / "_drafts", *nested] if own or nested else []


@functools.lru_cache(maxsize=16)  # `linkwright check` asks once per file it checks
def _nested_posts(folder: Path, config: SiteConfig) -> tuple[Path, ...]:
    """The ``_posts/`` and ``_drafts/`` folders Jekyll also reads below the site's root,
    in the folders it reads (:func:`jekyll_reads`: ``en/_posts/``, ``blog/_posts/``, not
    ``vendor/bundle/``); the folders above them are the posts' first categories."""
    found: list[Path] = []
    for dirpath, dirnames, _ in os.walk(folder):
        here = Path(dirpath)
        if here != folder:
            found += [here / name for name in sorted(_KEEP_DIRS) if name in dirnames]
        at = here.relative_to(folder)
        dirnames[:] = sorted(
            d for d in dirnames if d not in _SKIP_DIRS and jekyll_reads(at / d, config)
        )
    return tuple(found)


def jekyll_reads(relative: Path, config: SiteConfig) -> bool:
    """Whether Jekyll reads the file or folder at ``relative`` (to the site's root): one
    whose name starts with ``_`` or ``.`` only when ``include:`` names it, and none that
    ``exclude:`` or :data:`JEKYLL_EXCLUDES` name unless ``include:`` does."""
    if _names(relative, config.include):
        return True
    excluded = _names(relative, config.exclude + JEKYLL_EXCLUDES)
    return not relative.name.startswith(("_", ".")) and not excluded


def _names(relative: Path, patterns: tuple[str, ...]) -> bool:
    """Whether one of Jekyll's ``include``/``exclude`` entries names ``relative``: the
    same path, a glob matching it, or the bare name of its last part."""
    text = relative.as_posix()
    return any(p in (text, relative.name) or fnmatch(text, p) for p in patterns)


def _post_files(folder: Path, config: SiteConfig) -> list[tuple[Path, Path]]:
    """``(file, content root)`` pairs, sorted by path."""
    roots = content_roots(folder, config) or [folder]
    return [(path, root) for root in roots if root.is_dir() for path in _walk(root)]


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in _SKIP_DIRS
            and (not d.startswith("_") or d in _KEEP_DIRS)
        )
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if (
                path.suffix.lower() in _POST_EXTENSIONS
                and not name.startswith(("_", "."))
                and path.stem.lower() not in _SKIP_NAMES
            ):
                found.append(path)
    return found


def read_post(path: Path, root: Path, site: SiteConfig, folder: Path) -> Post:
    """The post in the file at ``path``, of the content folder ``root`` of the site at
    ``folder`` (in whatever language: one not the default's is at its URL under ``/fr/``).

    Raises:
        CorpusError: naming the file: not a regular file, not UTF-8, bad front matter.
    """
    return _read(path, root, site, folder)[0]


def _read(path: Path, root: Path, site: SiteConfig, folder: Path) -> tuple[Post, str]:
    """:func:`read_post`, with the post's :func:`post_language`."""
    if path.exists() and not path.is_file():  # reading a named pipe waits for a writer
        raise CorpusError(
            f"{path}: not a regular file (a named pipe, socket or device); "
            "move it out of the site folder"
        )
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}") from exc
    fm = split_front_matter(text)
    try:
        meta = fm.load()
        return _post(path, root, site, meta, text[fm.end :], folder)
    except (FrontMatterError, ValueError) as exc:
        raise CorpusError(f"{path}: {exc}") from exc


def _post(
    path: Path, root: Path, site: SiteConfig, meta: Mapping[str, object], body: str, folder: Path
) -> tuple[Post, str]:
    kinds = ("drafts", "posts") if root.name == "_drafts" else ("posts",)  # Jekyll's types
    meta = site.with_defaults(meta, path, kinds)
    language = post_language(path, folder, site, meta)
    named = path  # the file as Hugo names its page: "about.fr.md" is the French "about.md"
    if _language_code(path, site):
        named = path.with_name(path.stem.rsplit(".", 1)[0] + path.suffix)
    site = replace(site, baseurl=language_baseurl(site, language))  # French under /fr/
    file_date, file_slug = _name_parts(named)
    local_date = _site_time(parse_local_date(meta.get("date")) or file_date, site)
    categories = str_list(meta.get("categories", meta.get("category")), "categories")
    if root.name in _KEEP_DIRS and root.parent != folder and folder in root.parents:
        above = root.parent.relative_to(folder).parts  # Jekyll: en/_posts/ is in "en"
        categories = tuple(dict.fromkeys((*above, *categories)))
    fmt = format_for_path(path)
    title = text_field(meta, "title")
    if not title:
        headings = parse_document(body, fmt).headings
        title = headings[0] if headings else file_slug.replace("-", " ").replace("_", " ")
    url = _url(named, root, site, meta, (file_slug, title), local_date, categories)
    redirect_to = _redirect_to(meta, site)
    return Post(
        url=url,
        title=title,
        body=body,
        format=fmt,
        date=as_utc(local_date) if local_date else None,
        categories=categories,
        tags=str_list(meta.get("tags", meta.get("tag")), "tags"),
        post_type=text_field(meta, "type") or "post",
        draft=is_draft(meta)
        or bool(redirect_to)
        or _unpublished(meta)
        or _scheduled(local_date, site)
        or "_drafts" in path.relative_to(root.parent).parts,
        path=str(path),
        keyphrase=text_field(meta, "keyphrase", "focus_keyphrase"),
        aliases=_aliases(meta, url, site),
        redirect_to=redirect_to,
    ), language


def _redirect_to(meta: Mapping[str, object], site: SiteConfig) -> str:
    """Where jekyll-redirect-from's ``redirect_to`` sends the post's readers (normal
    form; a path under the site's ``baseurl``), ``""`` without one (and on Hugo's sites,
    which have no such key)."""
    to = "" if site.generator == "hugo" else text_field(meta, "redirect_to").strip()
    return _site_url(to, site) if to else ""


def _site_url(written: str, site: SiteConfig) -> str:
    """A URL a post's front matter gives (normal form): an absolute one as it is (a path
    when it is on the site's origin), else a path from the site's root, under its
    ``baseurl``."""
    if "://" in written:
        return normalize_url(written, site.origin)
    return normalize_url(posixpath.normpath(f"{site.baseurl}/{written.lstrip('/')}"))


def _aliases(meta: Mapping[str, object], url: str, site: SiteConfig) -> tuple[str, ...]:
    """The URLs the site redirects to the post at ``url`` (normal form, a page's every
    :func:`~indexer.urls.page_forms`): Jekyll's ``redirect_from`` (jekyll-redirect-from),
    paths from the site's root; Hugo's ``aliases``, from the site's root when they start
    with ``/``, else from the folder of the post's URL (``old`` of ``/posts/new/`` is
    ``/posts/old/``). Both are under the ``baseurl`` (and language) of the post; an
    absolute URL counts only on the site's own origin.

    Raises:
        ValueError: the value is not a list of paths or one path.
    """
    key = "aliases" if site.generator == "hugo" else "redirect_from"
    found: dict[str, None] = {}
    for alias in str_list(meta.get(key), key):
        if "://" in alias or alias.startswith("/") or site.generator != "hugo":
            path = _site_url(alias, site)
        elif is_path(url):
            folder = posixpath.dirname(url.rstrip("/"))
            path = normalize_url(posixpath.normpath(posixpath.join(folder, alias)))
        else:
            continue
        if is_path(path) and path != url:
            found.update(dict.fromkeys(page_forms(path)))
    return tuple(found)


def _site_time(date: datetime | None, site: SiteConfig) -> datetime | None:
    """A post's date as its site's generator reads it. With :attr:`SiteConfig.timezone`
    set, a date without an offset is a time of that zone, and Jekyll moves a date with
    an offset into the zone (its permalinks' ``:day`` is the day there).

    Raises:
        ValueError: the date falls outside years 1-9999 once moved.
    """
    if date is None or not site.timezone:
        return date
    zone = ZoneInfo(site.timezone)
    if date.tzinfo is None:
        return date.replace(tzinfo=zone)
    try:
        return date.astimezone(zone) if site.generator == "jekyll" else date
    except OverflowError:
        raise ValueError(f"'date' {date.isoformat()} is out of range in {zone}") from None


def _scheduled(date: datetime | None, site: SiteConfig) -> bool:
    """Whether a post's date is after :attr:`SiteConfig.scheduled_after`: Jekyll and
    Hugo do not publish it before then (a post may be dated only by its file name)."""
    cut = site.scheduled_after
    return cut is not None and date is not None and as_utc(date) > cut


def _unpublished(meta: Mapping[str, object]) -> bool:
    """Eleventy's ``permalink: false``: the file is never written out, like a draft."""
    return meta.get("permalink") is False


def _name_parts(path: Path) -> tuple[datetime | None, str]:
    """The date and slug in a file name ``YYYY-MM-DD-slug.ext`` (``index.md``: its folder)."""
    stem = path.parent.name if path.stem.lower() == "index" else path.stem
    m = _DATED.match(stem)
    if not m:
        return None, stem
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(4)
    except ValueError:
        return None, stem


def _url(
    path: Path,
    root: Path,
    site: SiteConfig,
    meta: Mapping[str, object],
    names: tuple[str, str],
    date: datetime | None,
    categories: tuple[str, ...],
) -> str:
    """A post's URL; ``names`` is its slug from the file name and its title."""
    explicit = text_field(meta, "url")
    if explicit:  # Hugo reads "about/" from the site's root, as "/about/"
        absolute = explicit.startswith("/") or "://" in explicit
        return normalize_url(explicit if absolute else "/" + explicit, site.origin)
    file_slug, title = names
    slug = text_field(meta, "slug") or file_slug
    in_posts = root.name in _KEEP_DIRS
    own = "" if _unpublished(meta) else text_field(meta, "permalink")
    if _TEMPLATE.search(own):  # Eleventy's "/blog/{{ page.fileSlug }}/": not ours to run
        log.debug("%s: permalink %r is a template; using its path", path, own)
        own = ""
    rule = own or site.permalink or ("date" if in_posts else None)
    try:
        if rule:
            url = expand_permalink(rule, title=slug, date=date, categories=categories)
            return normalize_url(site.baseurl + url, site.origin)
        sections = path.relative_to(root).parent.parts
        bundle = path.stem.lower() == "index" and bool(sections)  # a leaf bundle's folder
        if bundle:
            sections = sections[:-1]
        hugo = dict(site.sections).get(sections[0] if sections else "/")
        if hugo:
            url = expand_hugo_permalink(
                hugo,
                sections=sections,
                title=title,
                slug=text_field(meta, "slug"),
                filename=path.parent.name if bundle else path.stem,
                date=date,
            )
            return normalize_url(site.baseurl + url, site.origin)
    except ValueError:
        log.debug("%s: no date for its permalink rule; using its path", path)
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts and parts[-1].lower() == "index":
        parts.pop()
    if parts:
        parts[-1] = slug
    return normalize_url(site.baseurl + "/" + "/".join(parts), site.origin)
