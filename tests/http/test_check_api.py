"""``POST /v1/check`` edges: errors in the one shape, and the documented request schema.

The findings themselves are tested with the real engine in ``tests/cli/test_check.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from service.check_schema import CheckIn
from tests.http.errorshape import assert_error
from tests.http.test_openapi import _check_schema, document


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"text": "x", "config": {"words_per_link": 0}}, "config.words_per_link", "whole number"),
        ({"text": "x", "config": {"rules": {"nope": True}}}, "config.rules.nope", "unknown rule"),
        ({"text": "x", "config": {"fail_on": "error"}}, "config.fail_on", "command line"),
        ({"text": "x", "keyphrase": 3}, "keyphrase", "string"),
        ({"text": "x", "colour": "red"}, "colour", "keyphrase, config, suggest"),
        ({"text": " "}, "text", "empty"),
    ],
)
def test_bad_requests_name_the_field(
    client: FlaskClient, body: dict[str, Any], field: str, words: str
) -> None:
    error = assert_error(client.post("/v1/check", json=body), 400)
    assert error["errors"][0]["field"] == field
    assert words in error["errors"][0]["message"]


def test_an_unknown_setting_lists_only_what_the_api_takes(client: FlaskClient) -> None:
    body = {"text": "x", "config": {"ignore_url": []}}
    message = assert_error(client.post("/v1/check", json=body), 400)["errors"][0]["message"]
    assert "ignore_urls" in message and "fail_on" not in message


def test_an_engine_without_an_index_is_unavailable(client: FlaskClient) -> None:
    assert_error(client.post("/v1/check", json={"text": "A draft."}), 503)


def test_the_documented_request_matches_the_model(client: FlaskClient) -> None:
    schemas = document(client)["components"]["schemas"]
    _check_schema(schemas["CheckRequest"], CheckIn)
    assert schemas["CheckRequest"]["required"] == ["text"]
