"""Bad input is a 4xx, never a 500: arbitrary JSON through the whole stack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from service.http.app import create_app
from tests.fakes.engine import FakeEngine
from tests.http.conftest import make_settings
from tests.http.errorshape import assert_error

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
OPTION_NAMES = st.sampled_from(
    ["max_suggestions", "threshold", "words_per_link", "internal", "filters", "bogus"]
)
NEAR_VALID = st.fixed_dictionaries(
    {"text": st.text(max_size=60)},
    optional={
        "format": st.sampled_from(["markdown", "html", "text", "pdf"]) | JSON,
        "url": st.none() | st.text(max_size=20) | JSON,
        "options": st.dictionaries(OPTION_NAMES, JSON, max_size=3),
    },
)


def _client() -> Any:
    app = create_app(make_settings(Path("/nonexistent/index"), max_draft_chars=50), FakeEngine())
    return app.test_client()


@settings(max_examples=150, deadline=None)
@given(body=JSON | NEAR_VALID)
def test_any_json_body_is_answered_with_200_or_a_4xx_error(body: Any) -> None:
    response = _client().post(
        "/v1/suggestions", data=json.dumps(body), content_type="application/json"
    )
    if response.status_code == 200:
        for suggestion in response.get_json()["suggestions"]:
            anchor = suggestion["anchor"]
            assert body["text"][anchor["start"] : anchor["end"]] == anchor["text"]
    else:
        assert_error(response, response.status_code)
        assert response.status_code in (400, 413)
