"""Hostile input against the real service: gunicorn, the real engine and the sample index.

Each request here once crashed a worker or was answered wrongly; the Flask test client
cannot show all of them (chunked bodies are ended by gunicorn, not by Werkzeug).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

TIMEOUT_S = 120


def error_of(response: requests.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "status", "error", "errors"} and body["status"] == status
    return body


@pytest.mark.parametrize("endpoint", ["/v1/suggestions", "/v1/check"])
def test_half_a_surrogate_pair_is_a_400(live_server: str, endpoint: str) -> None:
    raw = b'{"text": "Internal links help \\ud83d orphan pages."}'
    response = requests.post(
        live_server + endpoint,
        data=raw,
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT_S,
    )
    assert error_of(response, 400)["errors"][0]["field"] == "text"


def test_a_front_matter_date_utc_cannot_hold_is_ignored(live_server: str) -> None:
    text = "---\ndate: 9999-12-31T23:59:59-01:00\n---\nInternal links help orphan pages."
    response = requests.post(
        f"{live_server}/v1/suggestions", json={"text": text}, timeout=TIMEOUT_S
    )
    assert response.status_code == 200, response.text


def test_a_chunked_body_over_the_limit_is_a_413(live_server: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "Internal links help orphan pages."}'
        for _ in range(10):
            yield b" " * 100_000  # just over the limit of 1,000,000 bytes in all

    response = requests.post(
        f"{live_server}/v1/suggestions",
        data=chunks(),
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT_S,
    )
    assert "LINKWRIGHT_MAX_BODY_BYTES" in error_of(response, 413)["error"]


@pytest.mark.parametrize("endpoint", ["/v1/suggestions", "/v1/check"])
def test_the_time_budget_holds_inside_one_long_paragraph(live_server: str, endpoint: str) -> None:
    """150,000 characters without a paragraph break: analysed in pieces, so the budget
    is checked within it and the answer says it stopped short."""
    text = " ".join(f"Internal link {n} helps orphan pages find readers." for n in range(2800))
    body = {"text": text, "options": {"time_budget_ms": 10}}
    response = requests.post(live_server + endpoint, json=body, timeout=TIMEOUT_S)
    assert response.status_code == 200, response.text
    (note,) = response.json()["notes"]
    assert "time budget of 10 ms reached" in note and "(1 paragraph(s)) was not analysed" in note
    assert requests.get(f"{live_server}/readyz", timeout=TIMEOUT_S).status_code == 200


@pytest.mark.parametrize(
    ("piece", "fmt"), [("<a ", "html"), ("{% ", "markdown"), (" ", "html"), ("[code]", "html")]
)
def test_markup_left_open_to_the_draft_limit_is_answered(
    live_server: str, piece: str, fmt: str
) -> None:
    """The largest draft the service takes, all one opener that never closes: read once
    (each opener once read the rest again, holding the worker past its timeout)."""
    text = "<p>Internal links help orphan pages.</p>\n" + piece * (190_000 // len(piece))
    body = {"text": text, "format": fmt}
    response = requests.post(f"{live_server}/v1/suggestions", json=body, timeout=TIMEOUT_S)
    assert response.status_code == 200, response.text
    assert requests.get(f"{live_server}/readyz", timeout=TIMEOUT_S).status_code == 200
