"""``POST /v1/inbound`` and ``GET /v1/report`` through the real app and a real engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from service.http.app import create_app
from tests.http.conftest import MakeClient, make_settings
from tests.http.errorshape import assert_error

pytestmark = pytest.mark.models

TARGET = "/blog/2021/10/19/orphan-pages/"
LINK_TO_IT = {  # sample posts that already link to TARGET
    "/blog/2022/06/21/seo-glossary/",
    "/blog/2023/04/12/internal-anchor-text-variety/",
    "/blog/2023/08/22/topic-clusters/",
    "/blog/2025/06/17/content-pruning/",
}


@pytest.fixture(scope="module")
def client(engine: Any, tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    settings = make_settings(tmp_path_factory.mktemp("unused-index"))
    return create_app(settings, engine=engine).test_client()


def test_inbound_suggests_anchors_in_other_posts_files(client: FlaskClient) -> None:
    request = {"url": TARGET, "max_sources": 6, "options": {"threshold": 0.3}}
    response = client.post("/v1/inbound", json=request)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["format_version"] == 1
    assert body["target"]["url"] == TARGET
    assert 0 < body["sources_considered"] <= 6
    assert body["suggestions"]
    scores = [s["score"] for s in body["suggestions"]]
    assert scores == sorted(scores, reverse=True)
    for s in body["suggestions"]:
        assert s["kind"] == "internal" and s["target"]["url"] == TARGET
        assert s["source"]["url"] != TARGET and s["source"]["url"] not in LINK_TO_IT
        text = Path(s["source"]["path"]).read_text(encoding="utf-8")
        assert text[s["anchor"]["start"] : s["anchor"]["end"]] == s["anchor"]["text"]
        assert {"code", "detail", "value"} <= set(s["reasons"][0])


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "url"),
        ({"url": 3}, 400, "url"),
        ({"url": TARGET, "options": {"threshold": 2}}, 400, "options.threshold"),
        ({"url": TARGET, "max_sources": 0}, 400, "max_sources"),
        ({"url": TARGET, "extra": 1}, 400, "extra"),
        ({"url": "/no/such/post/"}, 404, "url"),
        ({"url": "/blog/2024/12/03/podcast-seo/"}, 400, "url"),  # a draft
        ([TARGET], 400, "body"),
    ],
)
def test_inbound_bad_input_is_a_4xx_in_the_one_shape(
    client: FlaskClient, body: Any, status: int, field: str
) -> None:
    error = assert_error(client.post("/v1/inbound", json=body), status)
    assert error["errors"][0]["field"] == field


def test_an_unknown_inbound_field_lists_the_inbound_fields(client: FlaskClient) -> None:
    error = assert_error(client.post("/v1/inbound", json={"url": TARGET, "max_source": 5}), 400)
    assert error["errors"][0]["message"] == "unknown field; allowed here: url, options, max_sources"


def test_inbound_wants_json(client: FlaskClient) -> None:
    assert_error(client.post("/v1/inbound", data="url=/x/"), 415)


def test_report(client: FlaskClient) -> None:
    response = client.get("/v1/report")
    assert response.status_code == 200
    body = response.get_json()
    posts = body["posts"]
    assert body["summary"]["posts"] == len(posts) == 45  # 48 files, 3 drafts
    assert sum(p["pagerank"] for p in posts) == pytest.approx(1.0, abs=1e-6)
    assert [p["pagerank"] for p in posts] == sorted((p["pagerank"] for p in posts), reverse=True)
    by_url = {p["url"]: p for p in posts}
    assert by_url[TARGET]["inbound_posts"] == len(LINK_TO_IT)
    orphans = client.get("/v1/report?orphans=true").get_json()
    assert orphans["summary"] == body["summary"]
    assert [p["url"] for p in orphans["posts"]] == [p["url"] for p in posts if p["orphan"]]
    assert client.get("/v1/report?orphans=no").get_json() == body
    error = assert_error(client.get("/v1/report?orphans=maybe"), 400)
    assert error["errors"][0]["field"] == "orphans"


def test_batch_endpoints_need_a_real_index(make_client: MakeClient) -> None:
    client = make_client()  # the fake engine has no index
    assert_error(client.get("/v1/report"), 503)
    assert_error(client.post("/v1/inbound", json={"url": TARGET}), 503)
