"""The served OpenAPI document describes exactly the app, and agrees with the schema."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from service.schema import DraftIn, FiltersIn, OptionsIn
from tests.http.conftest import MakeClient


def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = response.get_json()
    return doc


def test_every_route_is_documented_and_every_documented_path_is_a_route(
    make_client: MakeClient,
) -> None:
    client = make_client()
    doc = document(client)
    assert doc["openapi"].startswith("3.1")
    assert client.application.url_map is not None
    routes: dict[str, set[str]] = {}
    for rule in client.application.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue  # static files (the editor page's assets) are not API
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
        routes.setdefault(path, set()).update(methods)
    documented = {path: set(ops) - {"parameters"} for path, ops in doc["paths"].items()}
    assert routes == documented


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_every_reference_resolves(client: FlaskClient) -> None:
    doc = document(client)
    refs = _refs(doc)
    assert refs
    for ref in refs:
        assert _resolve(doc, ref) is not None


def test_every_error_response_uses_the_error_schema(client: FlaskClient) -> None:
    doc = document(client)
    for name, response in doc["components"]["responses"].items():
        schema = response["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Error"}, name
    assert doc["components"]["schemas"]["Error"]["required"] == ["ok", "status", "error", "errors"]


def _check_schema(documented: dict[str, Any], model: type) -> None:
    actual = model.model_json_schema()["properties"]  # type: ignore[attr-defined]
    assert set(documented["properties"]) == set(actual), model
    assert documented["additionalProperties"] is False
    for name, prop in actual.items():
        for key in ("default", "minimum", "maximum", "maxLength", "maxItems", "enum"):
            if key in prop:
                assert documented["properties"][name][key] == prop[key], (model, name, key)


def test_request_schemas_match_the_validating_models(client: FlaskClient) -> None:
    schemas = document(client)["components"]["schemas"]
    _check_schema(schemas["SuggestionRequest"], DraftIn)
    _check_schema(schemas["Options"], OptionsIn)
    _check_schema(schemas["Filters"], FiltersIn)
    assert schemas["SuggestionRequest"]["required"] == ["text"]
