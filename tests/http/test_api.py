"""The HTTP API through Flask's test client, around a fake engine."""

from __future__ import annotations

import io
import json
import logging
import sys
import types
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from service.engine.types import IndexUnavailable
from service.http.app import create_app
from tests.fakes.engine import INFO, BrokenEngine, FakeEngine
from tests.http.conftest import MakeClient, make_settings
from tests.http.errorshape import assert_error

DRAFT = "Good anchor text helps readers.\n\nA citation makes the claim checkable."


def post(client: FlaskClient, body: Any, **kwargs: Any) -> Any:
    return client.post("/v1/suggestions", json=body, **kwargs)


# --- success ---------------------------------------------------------------------------


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"ok": True}


def test_readyz_describes_the_index(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"ready": True, "index": asdict(INFO)}


def test_index(client: FlaskClient) -> None:
    response = client.get("/v1/index")
    assert response.status_code == 200
    assert response.get_json() == asdict(INFO)


def test_suggestions_body(client: FlaskClient) -> None:
    response = post(client, {"text": DRAFT})
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["format_version", "suggestions", "index", "timing_ms", "notes"]
    assert body["format_version"] == 1
    assert body["index"] == asdict(INFO)
    assert body["timing_ms"] == {"parse": 0.12, "total": 1.5}
    assert body["notes"] == ["fake engine"]
    internal, citation = body["suggestions"]
    assert internal["kind"] == "internal"
    assert internal["score"] == 0.9346
    assert internal["target"]["date"] == "2023-05-01T00:00:00+00:00"
    assert internal["target"]["categories"] == ["seo"]
    assert internal["reasons"][0] == {
        "code": "semantic",
        "detail": "fake similarity",
        "value": 0.9346,
    }
    assert citation["lead_in"] == "According to Mozilla, "
    assert citation["rel"] == "nofollow"
    assert set(citation["anchor"]) == {
        "text",
        "start",
        "end",
        "context_before",
        "context_after",
        "occurrence",
    }


def test_anchor_offsets_slice_the_submitted_text(client: FlaskClient) -> None:
    text = "Émoji 🎉 first, then the anchor word.\r\nAnd a citation."
    for suggestion in post(client, {"text": text}).get_json()["suggestions"]:
        anchor = suggestion["anchor"]
        assert text[anchor["start"] : anchor["end"]] == anchor["text"]


def test_request_reaches_the_engine_intact(client: FlaskClient, fake_engine: FakeEngine) -> None:
    options = {
        "threshold": 0.8,
        "max_suggestions": 5,
        "citations": False,
        "filters": {"published_after": "2023-01-01", "categories": ["seo", "html"]},
    }
    body = {"text": DRAFT, "format": "text", "url": "/blog/me/", "options": options}
    response = post(client, body)
    assert response.status_code == 200
    [draft] = fake_engine.drafts
    assert (draft.text, draft.format, draft.url) == (DRAFT, "text", "/blog/me/")
    assert draft.options.threshold == 0.8
    assert draft.options.citations is False
    assert draft.options.filters.categories == ("seo", "html")
    after = draft.options.filters.published_after
    assert after is not None and after.isoformat() == "2023-01-01T00:00:00+00:00"


def test_draft_metadata_reaches_the_engine(client: FlaskClient, fake_engine: FakeEngine) -> None:
    body = {"text": DRAFT, "categories": ["SEO"], "tags": ["links", "html"], "date": "2024-05-01"}
    assert post(client, body).status_code == 200
    [draft] = fake_engine.drafts
    assert (draft.categories, draft.tags) == (("SEO",), ("links", "html"))
    assert draft.date is not None and draft.date.isoformat() == "2024-05-01T00:00:00+00:00"


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"tags": "seo"}, "tags"), ({"categories": [1]}, "categories.0"), ({"date": "soon"}, "date")],
)
def test_bad_draft_metadata_is_400_naming_the_field(
    client: FlaskClient, fake_engine: FakeEngine, extra: dict[str, Any], field: str
) -> None:
    error = assert_error(post(client, {"text": DRAFT, **extra}), 400)
    assert error["errors"][0]["field"] == field
    assert fake_engine.drafts == []


def test_options_default_when_absent(client: FlaskClient, fake_engine: FakeEngine) -> None:
    from service.engine.types import Options
    from service.schema import DEFAULT_TIME_BUDGET_MS

    post(client, {"text": DRAFT})
    # The engine's defaults, plus the time budget every interactive request has.
    assert fake_engine.drafts[0].options == Options(time_budget_ms=DEFAULT_TIME_BUDGET_MS)


def test_time_budget_is_bounded(client: FlaskClient) -> None:
    for budget, status in [(9, 400), (10, 200), (60_000, 200), (60_001, 400), (1.5, 400)]:
        response = post(client, {"text": DRAFT, "options": {"time_budget_ms": budget}})
        assert response.status_code == status, budget
        if status == 400:
            assert_error(response, 400)
            assert response.get_json()["errors"][0]["field"] == "options.time_budget_ms"


def test_request_id_is_echoed_or_made(client: FlaskClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-Id": "abc-123"}).headers["X-Request-Id"]
        == "abc-123"
    )
    made = client.get("/healthz", headers={"X-Request-Id": "bad id with spaces"}).headers[
        "X-Request-Id"
    ]
    assert made and made != "bad id with spaces"


def test_suggest_request_is_logged(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="service")
    response = post(client, {"text": DRAFT}, headers={"X-Request-Id": "req-42"})
    assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if "req-42" in r.getMessage()]
    assert any("suggestions=2" in line for line in lines)
    assert any("bytes_in=" in line and "elapsed_ms=" in line for line in lines)


# --- errors: one shape for every status ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": " \n\t "}, "text"),
        ({"text": 42}, "text"),
        ({"text": "x", "format": "pdf"}, "format"),
        ({"text": "x", "url": 5}, "url"),
        ({"text": "x", "options": []}, "options"),
        ({"text": "x", "options": {"threshold": "high"}}, "options.threshold"),
        ({"text": "x", "options": {"threshold": 1.5}}, "options.threshold"),
        ({"text": "x", "options": {"threshold": float("nan")}}, "options.threshold"),
        (
            {"text": "x", "options": {"citation_threshold": float("inf")}},
            "options.citation_threshold",
        ),
        ({"text": "x", "options": {"max_suggestions": 0}}, "options.max_suggestions"),
        ({"text": "x", "options": {"max_suggestions": "5"}}, "options.max_suggestions"),
        ({"text": "x", "options": {"words_per_link": 5}}, "options.words_per_link"),
        ({"text": "x", "options": {"internal": "yes"}}, "options.internal"),
        (
            {"text": "x", "options": {"filters": {"categories": "seo"}}},
            "options.filters.categories",
        ),
        (
            {"text": "x", "options": {"filters": {"published_before": "soon"}}},
            "options.filters.published_before",
        ),
        (
            {"text": "x", "options": {"filters": {"published_before": 1700000000}}},
            "options.filters.published_before",
        ),
        (
            {
                "text": "x",
                "options": {
                    "filters": {"published_after": "2024-02-01", "published_before": "2024-01-01"}
                },
            },
            "options.filters",
        ),
        ([{"text": "x"}], "body"),
        ("text", "body"),
        (None, "body"),
    ],
)
def test_invalid_request_is_400_naming_the_field(
    client: FlaskClient, body: Any, field: str
) -> None:
    response = client.post(
        "/v1/suggestions", data=json.dumps(body), content_type="application/json"
    )
    error = assert_error(response, 400)
    assert error["errors"][0]["field"] == field
    assert field in error["error"]


def test_a_threshold_that_is_not_a_number_says_so(client: FlaskClient) -> None:
    raw = '{"text": "x", "options": {"threshold": NaN}}'
    body = assert_error(
        client.post("/v1/suggestions", data=raw, content_type="application/json"), 400
    )
    assert body["errors"][0]["message"] == "Input should be a finite number"


def test_unknown_field_is_400_listing_the_allowed_ones(client: FlaskClient) -> None:
    error = assert_error(post(client, {"text": "x", "txet": "y"}), 400)
    assert error["errors"] == [
        {
            "field": "txet",
            "message": (
                "unknown field; allowed here: text, format, url, options, categories, tags, date"
            ),
            "code": "extra_forbidden",
        }
    ]


def test_unknown_nested_field_is_400(client: FlaskClient) -> None:
    body = {"text": "x", "options": {"filters": {"category": ["seo"]}}}
    error = assert_error(post(client, body), 400)
    assert error["errors"][0]["field"] == "options.filters.category"
    assert "categories" in error["errors"][0]["message"]


def test_every_bad_field_is_reported(client: FlaskClient) -> None:
    body = {"format": "pdf", "options": {"threshold": -1, "per_sentence": 0}}
    error = assert_error(post(client, body), 400)
    fields = {e["field"] for e in error["errors"]}
    assert fields == {"text", "format", "options.threshold", "options.per_sentence"}
    assert "(and 3 more)" in error["error"]


@pytest.mark.parametrize(
    "data",
    [b"{", b'{"text": "x",}', b"", b"\xff\xfe\xfa", b"[" * 100_000 + b"]" * 100_000],
    ids=["truncated", "trailing-comma", "empty", "not-utf8", "deeply-nested"],
)
def test_malformed_json_is_400(make_client: MakeClient, data: bytes) -> None:
    client = make_client(max_body_bytes=500_000)
    response = client.post("/v1/suggestions", data=data, content_type="application/json")
    body = assert_error(response, 400)
    assert "JSON" in body["error"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_non_json_content_type_is_415(client: FlaskClient, content_type: str | None) -> None:
    data = json.dumps({"text": DRAFT})
    response = client.post("/v1/suggestions", data=data, content_type=content_type)
    body = assert_error(response, 415)
    assert "application/json" in body["error"]


def test_body_over_the_limit_is_413(make_client: MakeClient, fake_engine: FakeEngine) -> None:
    client = make_client(max_body_bytes=200)
    body = assert_error(post(client, {"text": "anchor " * 100}), 413)
    assert "200 bytes" in body["error"]
    assert fake_engine.drafts == []


def test_chunked_body_over_the_limit_is_413_not_cut(
    make_client: MakeClient, fake_engine: FakeEngine
) -> None:
    """A body without Content-Length (chunked: the server ends the stream) is read up to the
    limit only; one that fills it is refused, never parsed cut short."""
    client = make_client(max_body_bytes=200)
    data = json.dumps({"text": "anchor words here"}).encode() + b" " * 300 + b"tail"
    response = client.post(
        "/v1/suggestions",
        input_stream=io.BytesIO(data),
        content_type="application/json",
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert "200 bytes" in assert_error(response, 413)["error"]
    assert fake_engine.drafts == []
    small = json.dumps({"text": DRAFT}).encode()
    response = client.post(
        "/v1/suggestions",
        input_stream=io.BytesIO(small),
        content_type="application/json",
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (rb'{"text": "Links help \ud800 orphan pages."}', "text"),
        (rb'{"text": "Links help.", "tags": ["ok", "\udc00"]}', "tags.1"),
        (rb'{"text": "Links help.", "\ud83d": 1}', "body"),
    ],
    ids=["text", "tag", "field-name"],
)
def test_half_a_surrogate_pair_is_400_naming_the_field(
    client: FlaskClient, fake_engine: FakeEngine, raw: bytes, field: str
) -> None:
    body = assert_error(
        client.post("/v1/suggestions", data=raw, content_type="application/json"), 400
    )
    assert [(e["field"], e["code"]) for e in body["errors"]] == [(field, "lone_surrogate")]
    assert "surrogate" in body["error"]
    assert fake_engine.drafts == []


@pytest.mark.parametrize(
    "body",
    [
        {"text": DRAFT, "date": "9999-12-31T23:59:59-01:00"},
        {"text": DRAFT, "options": {"filters": {"published_after": "0001-01-01T00:00:00+01:00"}}},
    ],
    ids=["date", "filter"],
)
def test_a_date_outside_the_years_utc_can_hold_is_400(client: FlaskClient, body: Any) -> None:
    error = assert_error(post(client, body), 400)
    assert "outside years 1-9999" in error["errors"][0]["message"]


def test_draft_over_the_limit_is_413(make_client: MakeClient) -> None:
    client = make_client(max_draft_chars=10)
    body = assert_error(post(client, {"text": "anchor text that is long"}), 413)
    assert "limit is 10" in body["error"]


def test_unknown_route_is_404(client: FlaskClient) -> None:
    body = assert_error(client.get("/v1/nope"), 404)
    assert "/openapi.json" in body["error"]


def test_wrong_method_is_405(client: FlaskClient) -> None:
    response = client.get("/v1/suggestions")
    body = assert_error(response, 405)
    assert "POST" in response.headers["Allow"]
    assert "use POST" in body["error"]


def test_engine_bug_is_500_without_internals(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(engine=BrokenEngine())
    response = post(client, {"text": DRAFT}, headers={"X-Request-Id": "req-500"})
    body = assert_error(response, 500)
    assert "secret" not in body["error"] and "/srv" not in body["error"]
    assert "req-500" in body["error"]
    assert any(r.exc_info and "req-500" in r.getMessage() for r in caplog.records)


# --- API key ---------------------------------------------------------------------------


def test_api_key_required_on_v1(make_client: MakeClient) -> None:
    client = make_client(api_key="s3cret")
    assert "X-API-Key" in assert_error(post(client, {"text": DRAFT}), 401)["error"]
    assert_error(client.get("/v1/index"), 401)
    wrong = {"X-API-Key": "guess"}
    assert_error(post(client, {"text": DRAFT}, headers=wrong), 401)


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/v1/nope"), ("GET", "/v1/suggestions"), ("DELETE", "/v1/index")]
)
def test_without_the_key_unknown_v1_paths_and_methods_are_401_too(
    make_client: MakeClient, method: str, path: str
) -> None:
    client = make_client(api_key="s3cret")
    assert_error(client.open(path, method=method), 401)
    assert client.open(path, method=method, headers={"X-API-Key": "s3cret"}).status_code in (
        404,
        405,
    )


def test_api_key_accepted(make_client: MakeClient) -> None:
    client = make_client(api_key="s3cret")
    assert post(client, {"text": DRAFT}, headers={"X-API-Key": "s3cret"}).status_code == 200
    assert client.get("/v1/index", headers={"X-API-Key": "s3cret"}).status_code == 200


def test_api_key_checked_before_the_body(make_client: MakeClient) -> None:
    client = make_client(api_key="s3cret")
    response = client.post("/v1/suggestions", data="{", content_type="application/json")
    assert_error(response, 401)


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.json"])
def test_probes_and_docs_stay_open(make_client: MakeClient, path: str) -> None:
    assert make_client(api_key="s3cret").get(path).status_code == 200


# --- no index --------------------------------------------------------------------------


@pytest.fixture
def unavailable_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> FlaskClient:
    """An app whose composition root fails the way it does without an index."""

    def build_engine(settings: object) -> FakeEngine:
        raise IndexUnavailable("no manifest.json in /fake/var/index")

    module = types.ModuleType("service.engine.build")
    module.build_engine = build_engine  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "service.engine.build", module)
    app = create_app(make_settings(tmp_path / "index"))
    assert any(
        r.levelno == logging.ERROR and "no manifest.json" in r.getMessage() for r in caplog.records
    )
    return app.test_client()


def test_readyz_is_503_without_an_index(unavailable_client: FlaskClient) -> None:
    response = unavailable_client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"ready": False, "reason": "no manifest.json in /fake/var/index"}
    assert unavailable_client.get("/healthz").status_code == 200


def test_v1_is_503_without_an_index(unavailable_client: FlaskClient) -> None:
    body = assert_error(post(unavailable_client, {"text": DRAFT}), 503)
    assert "no manifest.json" in body["error"] and "restart" in body["error"]
    assert_error(unavailable_client.get("/v1/index"), 503)


def test_index_errors_from_the_engine_are_503(make_client: MakeClient) -> None:
    class LostIndex(FakeEngine):
        def info(self) -> Any:
            raise IndexUnavailable("the index directory vanished")

    assert_error(make_client(engine=LostIndex()).get("/v1/index"), 503)
