"""Requests generated from the served OpenAPI document never get a 500 (schemathesis).

Valid (positive) and invalid (negative) requests for every documented operation go
through the real app and the real engine over the sample index, in-process (WSGI).
Examples are bounded so the run stays within a minute or two on two cores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from service.http.app import create_app
from tests.http.conftest import make_settings

pytestmark = pytest.mark.models

EXAMPLES = 15
#: Per operation, where the default is too many or too few for the time it takes.
EXAMPLES_OF = {"POST /v1/suggestions": 40, "POST /v1/inbound": 5}


@pytest.fixture(scope="module")
def api_schema(built_index: Path, engine: Any) -> Any:
    app = create_app(make_settings(built_index), engine=engine)
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


def _run(operation: Any, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_OF.get(operation.label, EXAMPLES),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.call_and_validate(checks=[not_a_server_error])

    check()


# schemathesis's WSGI transport leaves the editor page's file response unclosed.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_gets_a_server_error(api_schema: Any, mode: GenerationMode) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert "POST /v1/suggestions" in {op.label for op in operations}
    for operation in operations:
        try:
            _run(operation, mode)
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # nothing to get wrong: no parameters
