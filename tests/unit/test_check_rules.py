"""Every check rule: a draft that triggers it and one that does not (a fake index)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from indexer.document import Format
from indexer.readers import parse_document
from indexer.store import TargetRow
from service.engine.check.context import CheckContext
from service.engine.check.registry import RULES
from service.engine.check.run import check
from service.engine.check.types import CheckConfig, Issue
from service.engine.linkstats import anchor_key


@dataclass
class FakeIndex:
    """An :class:`IndexLookup` over a few posts: posts live at ``/blog/<slug>/``."""

    origin: str = "https://site.example"
    markdown: str = ""
    targets: dict[str, TargetRow] = field(
        default_factory=lambda: {
            "/blog/gardens/": TargetRow("post", 1, "/blog/gardens/", "Small Gardens"),
            "/blog/soon/": TargetRow("post", 2, "/blog/soon/", "Coming Soon", draft=True),
            "https://paid.example/offer": TargetRow(
                "source", 1, "https://paid.example/offer", "Offer", rel="sponsored"
            ),
        }
    )
    uses: dict[tuple[str, str], int] = field(
        default_factory=lambda: {("small gardens", "/blog/gardens/"): 4}
    )
    aliases: dict[str, str] = field(
        default_factory=lambda: {
            "/gardens/": "/blog/gardens/",
            "/draft/": "/blog/this-draft/",
            "/blog/moved/": "https://else.example/x/",  # a post with redirect_to
        }
    )

    def target(self, url: str) -> TargetRow | None:
        return self.targets.get(self.aliases.get(url, url))

    def redirect(self, url: str) -> str | None:
        return self.aliases.get(url)

    def looks_like_post(self, path: str, exclude_url: str | None = None) -> bool:
        return re.fullmatch(r"/blog/[^/]+/", path) is not None

    def source_rel(self, url: str) -> str:
        row = self.targets.get(url)
        return row.rel if row is not None else ""

    def anchor_uses(self, anchor: str, target: str, exclude_url: str | None = None) -> int:
        return self.uses.get((anchor_key(anchor), target), 0)


FAKE = FakeIndex()
FILLER = " ".join(["word"] * 200)


def run(
    rule_id: str,
    text: str,
    *,
    url: str | None = "/blog/this-draft/",
    keyphrase: str | None = None,
    config: CheckConfig | None = None,
    fmt: Format = "markdown",
) -> list[Issue]:
    ctx = context(text, url=url, keyphrase=keyphrase, config=config, fmt=fmt)
    issues = list(RULES[rule_id](ctx))
    for issue in issues:
        if issue.anchor:
            assert " ".join(text[issue.start : issue.end].split()) == issue.anchor
    return issues


def context(
    text: str,
    *,
    url: str | None = "/blog/this-draft/",
    keyphrase: str | None = None,
    config: CheckConfig | None = None,
    fmt: Format = "markdown",
    index: FakeIndex = FAKE,
) -> CheckContext:
    doc = parse_document(text, fmt)
    return CheckContext.build(doc, url, keyphrase, config or CheckConfig(), index)


CASES = [
    (
        "generic-anchor",
        "Our notes on soil are [here](/blog/gardens/).",
        "Our [notes on soil](/blog/gardens/) help.",
        {},
    ),
    (
        "duplicate-target",
        "See [gardens](/blog/gardens/) and [small gardens](https://site.example/blog/gardens).",
        "See [gardens](/blog/gardens/) and [the first section](/blog/gardens/#x).",
        {},
    ),
    (
        "link-in-heading",
        "## About [gardens](/blog/gardens/)\n\nText.",
        "## About gardens\n\nRead [gardens](/blog/gardens/).",
        {},
    ),
    (
        "adjacent-links",
        "Tools: [spades](https://a.example/) [forks](https://b.example/) for all.",
        "Tools: [spades](https://a.example/), [forks](https://b.example/) ([more](/m/)).",
        {},
    ),
    (
        "broken-internal",
        "Read [gardens](/blog/gardns/).",
        "Read [gardens](/blog/gardens/), [our shop](/shop/) and [a photo](/blog/x.png).",
        {},
    ),
    (
        "redirected-link",
        "Read [gardens](https://site.example/gardens/) now.",
        "Read [gardens](/blog/gardens/), or [this post's old URL](/draft/) (a self-link).",
        {},
    ),
    (
        "self-link",
        "As this post says, [gardens](/blog/this-draft/) grow.",
        "Jump to [the end](/blog/this-draft/#end) or [gardens](/blog/gardens/).",
        {},
    ),
    (
        "missing-rel",
        "Buy [the offer](https://paid.example/offer).",
        'Buy <a href="https://paid.example/offer" rel="sponsored">the offer</a>.',
        {},
    ),
    (
        "too-many-links",
        "[a](/a/) [b](/b/) [c](/c/) in few words.",
        f"{FILLER} [a](/a/) [b](/b/) [c](/c/).",
        {},
    ),
    (
        "no-internal-link",
        "Only [an outside page](https://a.example/) here.",
        "Read [gardens](https://site.example/blog/gardens/).",
        {},
    ),
    (
        "keyphrase-as-anchor",
        "Read about [compost bins for gardens](/blog/gardens/).",
        "Compost bins help; read [about soil](/blog/gardens/).",
        {"keyphrase": "compost bins"},
    ),
    (
        "overused-anchor",
        "Read [Small  Gardens](/blog/gardens/).",
        "Read [tiny plots](/blog/gardens/) and [small gardens](/blog/other/).",
        {},
    ),
]


@pytest.mark.parametrize(("rule_id", "bad", "good", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_rule_triggers_and_stays_quiet(rule_id: str, bad: str, good: str, kwargs: dict) -> None:
    found = run(rule_id, bad, **kwargs)
    assert [i.rule for i in found] == [rule_id]
    assert found[0].message and found[0].fix
    assert "\n" not in found[0].message + found[0].fix
    assert run(rule_id, good, **kwargs) == []


def test_every_rule_has_a_case() -> None:
    assert {c[0] for c in CASES} == set(RULES)


def test_image_links_are_not_prose_links() -> None:
    thumbs = "".join(f"[![](/img/t{i}.png)](/img/{i}.png)\n" for i in range(5))
    assert run("generic-anchor", thumbs) == []
    assert run("too-many-links", thumbs) == []
    [issue] = run("generic-anchor", "A comic: [![](/img/c.png)](https://xkcd.example/378/).")
    assert issue.message == "the link has no text (an image without alt text?)"


def test_html_links_in_code_and_after_line_breaks() -> None:
    pre = '<pre>git clone <a href="https://a.example/x">git://a.example/x.git</a></pre>'
    assert run("generic-anchor", pre, fmt="html") == []
    html = '<p><a href="https://a.example/">one</a><br/> <a href="https://b.example/">two</a></p>'
    assert run("adjacent-links", html, fmt="html") == []
    assert len(run("adjacent-links", html.replace("<br/>", ""), fmt="html")) == 1


def test_overused_anchor_spares_names_and_outbound_links() -> None:
    uses = {("gardens", "/blog/gardens/"): 9, ("small gardens", "https://a.example/"): 9}
    index = FakeIndex(uses=uses)
    text = "Read [Gardens](/blog/gardens/) and [small gardens](https://a.example/)."
    ctx = CheckContext.build(parse_document(text, "markdown"), None, None, CheckConfig(), index)
    assert list(RULES["overused-anchor"](ctx)) == []


def test_an_old_url_is_its_post() -> None:
    """A link to a post's old URL (``redirect_from``) is a link to the post: not broken, a
    second link to it is a duplicate, and the draft's own old URL is a self-link."""
    [issue] = run("redirected-link", "Read [gardens](/gardens/).")
    assert issue.message == (
        '/gardens/ is an old URL of "Small Gardens", which is at /blog/gardens/'
    )
    assert run("broken-internal", "Read [gardens](/gardens/).") == []
    text = "Read [gardens](/blog/gardens/) and [more](/gardens/)."
    assert [i.rule for i in run("duplicate-target", text)] == ["duplicate-target"]
    assert [i.rule for i in run("self-link", "See [this](/draft/).")] == ["self-link"]


def test_a_post_that_redirects_elsewhere_is_no_broken_link() -> None:
    [issue] = run("redirected-link", "Read [this](/blog/moved/).")
    assert issue.message == "the site redirects /blog/moved/ to https://else.example/x/"
    assert run("broken-internal", "Read [this](/blog/moved/).") == []


def test_broken_internal_names_a_draft_target() -> None:
    [issue] = run("broken-internal", "Read [what is next](/blog/soon/).")
    assert "draft" in issue.message


def test_relative_links_resolve_against_the_draft_url() -> None:
    assert run("broken-internal", "Read [g](../gardens/).") == []
    assert len(run("broken-internal", "Read [g](../gardns/).")) == 1
    assert run("broken-internal", "Read [g](../gardns/).", url=None) == []


def test_missing_rel_from_the_config_domains_and_kramdown_attributes() -> None:
    config = CheckConfig(untrusted_domains=("forum.example",), sponsored_domains=("shop.example",))
    text = "See [a](https://www.forum.example/t/1) and [b](https://eu.shop.example/x)."
    issues = run("missing-rel", text, config=config)
    assert [i.anchor for i in issues] == ["a", "b"]
    assert 'rel="nofollow"' in issues[0].message and 'rel="sponsored"' in issues[1].message
    marked = 'See [a](https://forum.example/t/1){:rel="nofollow ugc"} now.'
    assert run("missing-rel", marked, config=config) == []


def test_a_kramdown_rel_counts_only_where_the_site_may_render_kramdown() -> None:
    """Hugo's goldmark prints ``{: rel="nofollow"}`` as text after the link: the link has
    no rel there, and the fix offers only the HTML form."""
    config = CheckConfig(untrusted_domains=("forum.example",))
    marked = 'See [a](https://forum.example/t/1){: rel="nofollow"} now.'
    hugo = FakeIndex(markdown="goldmark")
    for site in (FakeIndex(markdown="kramdown"), FakeIndex()):
        assert list(RULES["missing-rel"](context(marked, config=config, index=site))) == []
    [issue] = RULES["missing-rel"](context(marked, config=config, index=hugo))
    assert issue.fix == (
        'write it as <a href="https://forum.example/t/1" rel="nofollow">…</a> '
        "(goldmark has no attribute lists for links, and Hugo shows raw HTML only with "
        "markup.goldmark.renderer.unsafe = true), or set rel in a link render hook "
        "(layouts/_default/_markup/render-link.html)"
    )
    [other] = RULES["missing-rel"](
        context(marked, config=config, index=FakeIndex(markdown="commonmarkghpages"))
    )
    assert other.fix.endswith("(commonmarkghpages has no attribute lists for links)")
    [plain] = run("missing-rel", "See [a](https://forum.example/t/1) now.", config=config)
    assert plain.fix.endswith(', or add {: rel="nofollow"}')


def test_missing_rel_in_html_drafts() -> None:
    config = CheckConfig(untrusted_domains=("forum.example",))
    html = '<p>See <a href="https://forum.example/" rel="noopener">the forum</a>.</p>'
    [issue] = run("missing-rel", html, config=config, fmt="html")
    assert issue.fix == 'add rel="nofollow noopener" to the <a> tag'


def test_check_applies_severity_disabled_rules_and_ignores() -> None:
    text = "Read [here](/blog/gardns/) and [there](/blog/gardens/).\n\nMore [x](/blog/nope/)."
    plain = check(context(text))
    assert [(f.rule, f.severity, f.line) for f in plain if f.rule != "too-many-links"] == [
        ("broken-internal", "error", 1),
        ("generic-anchor", "warning", 1),
        ("generic-anchor", "warning", 1),
        ("broken-internal", "error", 3),
    ]
    assert plain[-1].column == text.splitlines()[2].index("x") + 1
    config = CheckConfig(
        disabled=frozenset({"too-many-links", "generic-anchor"}),
        severity={"broken-internal": "warning"},
        ignore_urls=("/blog/nope/*",),
        ignore_anchors=("HERE",),
    )
    tuned = check(context(text, config=config))
    # ignore_anchors quiets only the anchor-text rules; ignore_urls quiets every link rule
    assert [(f.rule, f.severity, f.anchor) for f in tuned] == [
        ("broken-internal", "warning", "here")
    ]


def test_a_kramdown_rel_after_a_url_or_title_with_parentheses_counts() -> None:
    config = CheckConfig(untrusted_domains=("forum.example",))
    for text in (
        'See [Foo](https://forum.example/wiki/Foo_(bar)){: rel="nofollow"} now.',
        'See [t](https://forum.example/t "A (b) title"){: rel="nofollow"} now.',
    ):
        assert run("missing-rel", text, config=config) == [], text
    assert (
        len(run("missing-rel", "See [Foo](https://forum.example/Foo_(bar)).", config=config)) == 1
    )


def test_a_protocol_relative_link_is_an_outbound_link() -> None:
    config = CheckConfig(untrusted_domains=("forum.example",))
    [issue] = run("missing-rel", "See [the thread](//forum.example/t/1) there.", config=config)
    assert issue.target == "//forum.example/t/1"


@pytest.mark.parametrize("brk", ["  \n", "\\\n"], ids=["two-spaces", "backslash"])
def test_links_on_either_side_of_a_hard_line_break_are_apart(brk: str) -> None:
    text = f"[gardens](/blog/gardens/){brk}[offer](https://paid.example/offer)"
    assert run("adjacent-links", text) == []
    assert len(run("adjacent-links", text.replace(brk, " "))) == 1


def test_a_heading_may_link_its_own_section_by_the_full_url() -> None:
    text = "## [Soil](https://site.example/blog/this-draft/#soil)\n\nText."
    assert run("link-in-heading", text) == []


def test_ignore_anchors_matches_the_words_whatever_marks_surround_them() -> None:
    text = "Read [Here.](/blog/gardens/) or [here!](/blog/gardens/) or [“here”](/blog/gardens/)."
    found = check(context(text, config=CheckConfig(ignore_anchors=("here",))))
    assert [f.rule for f in found if f.rule == "generic-anchor"] == []


def test_ignore_urls_does_not_hide_that_a_draft_has_too_many_links() -> None:
    links = " ".join(f"[l{i}](https://a.example/{i})" for i in range(12))
    config = CheckConfig(words_per_link=5, ignore_urls=("https://a.example/*",))
    assert "too-many-links" in [f.rule for f in check(context(links, config=config))]


@pytest.mark.parametrize(
    "anchor",
    ["read more…", "Read more »", "Read More →", "“here”", "« previous post", "keep reading"],
)
def test_generic_anchors_with_typographic_marks(anchor: str) -> None:
    [issue] = run("generic-anchor", f"Soil matters. [{anchor}](/blog/gardens/)")
    assert issue.anchor == anchor
