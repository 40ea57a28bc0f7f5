"""CORS for configured editor origins, preflight included."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.http.conftest import MakeClient

EDITOR = "https://editor.example.com"
PREFLIGHT = {
    "Origin": EDITOR,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type, x-api-key",
}


def preflight(client: FlaskClient, origin: str = EDITOR) -> object:
    return client.options("/v1/suggestions", headers={**PREFLIGHT, "Origin": origin})


def test_preflight_allowed_for_a_configured_origin(make_client: MakeClient) -> None:
    client = make_client(cors_origins=f"https://other.example, {EDITOR}", api_key="k")
    response = client.options("/v1/suggestions", headers=PREFLIGHT)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == EDITOR
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "content-type" in allowed and "x-api-key" in allowed
    assert "Origin" in response.headers["Vary"]


def test_preflight_not_allowed_for_other_origins(make_client: MakeClient) -> None:
    client = make_client(cors_origins=EDITOR)
    response = client.options(
        "/v1/suggestions", headers={**PREFLIGHT, "Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


def test_no_cors_headers_when_no_origin_is_configured(client: FlaskClient) -> None:
    response = client.options("/v1/suggestions", headers=PREFLIGHT)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_actual_request_exposes_the_request_id(make_client: MakeClient) -> None:
    client = make_client(cors_origins=EDITOR)
    response = client.post("/v1/suggestions", json={"text": "anchor"}, headers={"Origin": EDITOR})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == EDITOR
    assert "X-Request-Id" in response.headers["Access-Control-Expose-Headers"]


def test_errors_carry_cors_headers_too(make_client: MakeClient) -> None:
    """A browser can only read an error body it is allowed to see."""
    client = make_client(cors_origins=EDITOR, api_key="k")
    response = client.post("/v1/suggestions", json={"text": "x"}, headers={"Origin": EDITOR})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == EDITOR


def test_wildcard_allows_any_origin(make_client: MakeClient) -> None:
    client = make_client(cors_origins="*")
    response = client.options(
        "/v1/suggestions", headers={**PREFLIGHT, "Origin": "https://any.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "https://any.example"
