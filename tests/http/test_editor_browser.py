"""The editor sidebar in a real browser (Debian's chromium) against a real gunicorn server."""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.http.conftest import LIVE_API_KEY

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request

pytestmark = [pytest.mark.e2e, pytest.mark.models]

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DRAFT = (ROOT / "sample_corpus/drafts/internal-linking-audit.md").read_text()
SCREENSHOT = ROOT / "bench/out/editor-sidebar.png"
#: The first answer includes the workers' warm-up on a 2-core machine.
ANSWER_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make install-test`")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh laptop-sized page; JavaScript errors fail the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def screenshot(page: Page, tmp_path: Path, name: str) -> None:
    """Into pytest's tmp dir and bench/out/ (git-ignored), for people to look at."""
    for folder in (tmp_path, SCREENSHOT.parent):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name))


def wait_for_scroll_sync(page: Page, top: Callable[[int], bool]) -> None:
    """Wait until the highlight backdrop is scrolled like the textarea, and check where."""
    page.wait_for_function(
        "() => document.getElementById('backdrop').scrollTop"
        " === document.getElementById('draft').scrollTop"
    )
    assert top(page.eval_on_selector("#draft", "t => t.scrollTop"))


def answers(page: Page) -> int:
    return int(page.eval_on_selector("#suggestions", "e => Number(e.dataset.responses)"))


def wait_for_answer(page: Page, after: int) -> None:
    """Wait until an answer newer than the ``after``-th is shown and nothing is pending."""
    page.wait_for_function(
        """n => {
            const list = document.getElementById("suggestions");
            return Number(list.dataset.responses) > n && !list.hasAttribute("aria-busy");
        }""",
        arg=after,
        timeout=ANSWER_TIMEOUT_MS,
    )


CARD = "e => [e.dataset.kind, e.dataset.url, e.dataset.anchor]"


def cards(page: Page) -> list[tuple[str, str, str]]:
    """(kind, target url, anchor text) of each suggestion shown."""
    return [tuple(c) for c in page.eval_on_selector_all(".suggestion", f"els => els.map({CARD})")]


def type_draft(page: Page, text: str) -> str:
    """Paste ``text`` and type one more character, as a writer would; returns the draft."""
    seen = answers(page)
    page.fill("#draft", text)
    page.press("#draft", "End")
    page.locator("#draft").press_sequentially("\n")
    wait_for_answer(page, seen)
    return text + "\n"


def record_requests(page: Page, origin: str) -> list[Request]:
    """Every request the page makes; the test checks they all stay on ``origin``."""
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    page.goto(f"{origin}/")
    return requests


def suggestion_bodies(requests: list[Request]) -> list[dict[str, Any]]:
    return [json.loads(r.post_data or "") for r in requests if r.url.endswith("/v1/suggestions")]


def test_writer_accepts_and_dismisses_suggestions(
    live_server: str, page: Page, tmp_path: Path
) -> None:
    requests = record_requests(page, live_server)
    typed = type_draft(page, DRAFT)
    shown = cards(page)
    assert shown, page.text_content("#status")
    assert page.text_content("#count") == f"{len(shown)} suggestions"
    marks = page.eval_on_selector_all("#backdrop mark", "ms => ms.map(m => m.textContent)")
    assert sorted(marks) == sorted(anchor for _, _, anchor in shown)
    # The highlights scroll with the text: typing at the end scrolled both to the bottom.
    wait_for_scroll_sync(page, top=lambda top: top > 0)
    page.eval_on_selector("#draft", "t => { t.scrollTop = 0; }")
    wait_for_scroll_sync(page, top=lambda top: top == 0)
    # The reasons open from the keyboard.
    page.locator(".why summary").first.focus()
    page.keyboard.press("Enter")
    assert page.locator(".why").first.get_attribute("open") is not None
    screenshot(page, tmp_path, SCREENSHOT.name)

    # Accept an internal link: it lands in the draft as Markdown, and is not suggested again.
    _, url, anchor = next(c for c in shown if c[0] == "internal")
    seen = answers(page)
    page.locator(f'.suggestion[data-url="{url}"][data-anchor="{anchor}"] .accept').click()
    value = page.input_value("#draft")
    assert f"[{anchor}]({url})" in value
    assert value.replace(f"[{anchor}]({url})", anchor, 1) == typed
    wait_for_answer(page, seen)
    assert url not in {u for _, u, _ in cards(page)}
    assert url in suggestion_bodies(requests)[-1]["options"]["filters"]["exclude_urls"]

    # Dismiss from the keyboard: focus stayed on a card's Accept (through the re-render).
    assert page.evaluate("document.activeElement.className") == "accept"
    dismissed = tuple(page.locator(".suggestion:focus-within").evaluate(CARD))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "dismiss"
    page.keyboard.press("Enter")
    assert dismissed not in cards(page)
    assert dismissed[2] in page.inner_text("#status")

    # Another edit: the dismissed pair stays away, and its URL is excluded from now on.
    seen = answers(page)
    page.press("#draft", "Control+End")
    page.locator("#draft").press_sequentially("Orphan pages need links too.")
    wait_for_answer(page, seen)
    assert dismissed not in cards(page)
    assert dismissed[1] in suggestion_bodies(requests)[-1]["options"]["filters"]["exclude_urls"]
    assert all(r.url.startswith(live_server) for r in requests), [r.url for r in requests]


def test_html_draft_gets_an_html_link_and_the_lead_in(live_server: str, page: Page) -> None:
    paragraphs = [p for p in DRAFT.split("\n\n")[1:] if not p.startswith(("#", "-"))]
    draft = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    page.goto(f"{live_server}/")
    page.select_option("#format", "html")
    typed = type_draft(page, draft)
    citation = page.locator(".suggestion[data-kind=citation]").first
    _, url, anchor = citation.evaluate(CARD)
    lead_in = re.sub(r"^Lead-in: “|”$", "", citation.locator(".lead-in").inner_text())
    citation.locator(".accept").click()
    value = page.input_value("#draft")
    link = re.search(rf'<a href="{re.escape(html.escape(url))}"( rel="[a-z ]+")?>', value)
    assert link, value[:500]
    assert value[link.end() :].startswith(f"{anchor}</a>")
    assert html.escape(lead_in, quote=False) in value and lead_in not in typed


IMAGES = (
    "Every image on a blog post needs alt text for people who cannot see it. Pick "
    "responsive images with srcset and sizes so phones get small files."
)


@pytest.mark.parametrize(
    ("fmt", "draft", "written"),
    [
        ("html", f"<h1>Images that load fast</h1>\n<p>{IMAGES}</p>", "&lt;img&gt;"),
        ("markdown", f"# Images that load fast\n\n{IMAGES}", "\\<img\\>"),
    ],
)
def test_a_lead_in_is_written_as_text_never_as_markup(
    live_server: str, page: Page, fmt: str, draft: str, written: str
) -> None:
    """A source's title may hold markup characters (MDN's "<img>: The Image Embed
    element"): the lead-in carries them escaped for the draft's format."""
    page.goto(f"{live_server}/")
    page.select_option("#format", fmt)
    type_draft(page, draft)
    lead = page.locator(".suggestion[data-kind=citation] .lead-in", has_text="<img>")
    lead.locator("xpath=ancestor::li").locator(".accept").click()
    value = page.input_value("#draft")
    assert written in value
    assert "<img>" not in value


def _type_at(page: Page, at: int, length: int, text: str) -> None:
    """Select ``length`` characters of the draft from ``at`` and type ``text`` over them."""
    page.eval_on_selector(
        "#draft", "(t, [a, n]) => { t.focus(); t.setSelectionRange(a, a + n); }", [at, length]
    )
    page.keyboard.type(text)


def test_edits_before_an_answer_keep_the_links_on_the_right_words(
    live_server: str, page: Page
) -> None:
    """Accept right after an edit, before the next answer: the offsets follow the edit."""
    page.goto(f"{live_server}/")
    typed = type_draft(page, DRAFT)
    # Words before the anchor: the same words typed there must not take the link.
    card = page.locator('.suggestion[data-kind=internal][data-anchor="Internal links"]')
    url = card.get_attribute("data-url")
    at = typed.index("Internal links are easy")
    _type_at(page, at, 0, "Internal links matter. ")
    card.locator(".accept").click()
    value = page.input_value("#draft")
    assert f"Internal links matter. [Internal links]({url}) are easy" in value
    # Words changed after the anchor, inside its sentence: the lead-in still ends it.
    wait_for_answer(page, answers(page) - 1)
    card = page.locator('.suggestion[data-kind=citation][data-anchor="anchor text"]')
    before = page.input_value("#draft")
    at = before.index("for your top pages.") + len("for your ")
    _type_at(page, at, len("top"), "most important")
    card.locator(".accept").click()
    value = page.input_value("#draft")
    assert re.search(r"for your most important pages\. For a deeper look at [^.]+\.", value), value


@pytest.mark.parametrize(
    ("draft", "anchor", "written"),
    [
        (
            "# Speed\n\nA good Largest Contentful Paint is 2.5 seconds or less, and a page "
            "that waits longer loses readers.\n",
            "Largest Contentful Paint",
            ", a good [Largest Contentful Paint](",
        ),
        (
            "# Campaigns\n\nWe ship weekly. **Add utm tags** to every campaign link so the "
            "report shows which posts bring readers, and add them to each newsletter too.\n",
            "campaign link",
            ". According to ",
        ),
    ],
    ids=["lower-case-first-word", "before-the-emphasis"],
)
def test_an_according_to_lead_in_opens_the_sentence_as_a_writer_would(
    live_server: str, page: Page, draft: str, anchor: str, written: str
) -> None:
    page.goto(f"{live_server}/")
    type_draft(page, draft)
    card = page.locator(f'.suggestion[data-kind=citation][data-anchor="{anchor}"]')
    sync_api.expect(card.locator(".lead-in")).to_contain_text("According to")
    card.locator(".accept").click()
    value = page.input_value("#draft")
    assert written in value, value
    assert "**According to" not in value and ", A good" not in value


def test_focus_on_the_reasons_survives_a_new_answer(live_server: str, page: Page) -> None:
    page.goto(f"{live_server}/")
    type_draft(page, DRAFT)
    seen = answers(page)
    page.locator("#draft").press_sequentially(" Orphan pages need links too.")
    page.locator(".why summary").nth(1).click()  # while the new answer is pending
    wait_for_answer(page, seen)
    assert "error" not in (page.get_attribute("#status", "class") or "")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_an_opened_why_stays_open_through_a_new_answer(live_server: str, page: Page) -> None:
    page.goto(f"{live_server}/")
    type_draft(page, DRAFT)
    page.locator(".why summary").first.click()
    opened = tuple(page.locator(".suggestion").first.evaluate(CARD))
    seen = answers(page)
    page.locator("#draft").press_sequentially(" Orphan pages need links too.")
    wait_for_answer(page, seen)
    now_open = page.eval_on_selector_all(
        ".why[open]", f"els => els.map(d => ({CARD})(d.closest('.suggestion')))"
    )
    assert opened in cards(page)  # the same draft, one sentence longer: still offered
    assert [tuple(c) for c in now_open] == [opened]


def test_an_accepted_link_taken_back_with_undo_is_suggested_again(
    live_server: str, page: Page
) -> None:
    requests = record_requests(page, live_server)
    typed = type_draft(page, DRAFT)
    _, url, anchor = next(c for c in cards(page) if c[0] == "internal")
    seen = answers(page)
    page.locator(f'.suggestion[data-url="{url}"][data-anchor="{anchor}"] .accept').click()
    wait_for_answer(page, seen)
    assert url not in {u for _, u, _ in cards(page)}
    seen = answers(page)
    page.press("#draft", "Control+z")
    assert page.input_value("#draft") == typed
    wait_for_answer(page, seen)
    assert ("internal", url, anchor) in cards(page)
    assert url not in suggestion_bodies(requests)[-1]["options"]["filters"]["exclude_urls"]


def test_after_a_failed_check_no_stale_suggestion_is_offered(live_server: str, page: Page) -> None:
    page.goto(f"{live_server}/")
    type_draft(page, DRAFT)
    assert cards(page)
    type_draft(page, "word " * 41_000)  # over the service's 200,000 characters: a 413
    assert page.text_content("#status").startswith("Error 413:")
    assert not cards(page)
    assert page.text_content("#count") == "None for this draft."


def test_a_narrow_window_stacks_the_draft_above_the_suggestions(
    live_server: str, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    try:
        page.goto(f"{live_server}/")
        type_draft(page, DRAFT)
        draft = page.locator("#draft").bounding_box()
        assert draft is not None and draft["width"] > 300
        accept = page.locator(".accept").first
        accept.scroll_into_view_if_needed()
        box = accept.bounding_box()
        assert box is not None and box["y"] >= draft["y"] + draft["height"]
        on_top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).className",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert on_top == "accept"  # nothing covers it
    finally:
        context.close()


def test_api_key_is_asked_for_and_then_used(
    keyed_live_server: str, page: Page, tmp_path: Path
) -> None:
    request = urllib.request.Request(
        f"{keyed_live_server}/v1/suggestions",
        data=json.dumps({"text": DRAFT}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    message = json.loads(refused.value.read())["error"]

    page.goto(f"{keyed_live_server}/")
    type_draft(page, DRAFT)
    status = page.locator("#status")
    assert status.text_content() == f"Error 401: {message}"
    assert "error" in (status.get_attribute("class") or "")
    assert not cards(page)
    screenshot(page, tmp_path, "editor-401.png")

    seen = answers(page)
    page.fill("#api-key", LIVE_API_KEY)
    page.press("#api-key", "Tab")  # the change event sends the request again, with the key
    wait_for_answer(page, seen)
    assert cards(page), status.text_content()
    assert "error" not in (status.get_attribute("class") or "")
    assert page.evaluate("sessionStorage.getItem('linkwright.apiKey')") == LIVE_API_KEY
