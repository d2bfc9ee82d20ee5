"""The committed OpenAPI document is what the app serves; every operation names its permission."""

from __future__ import annotations

import json

import pytest

from api.export_openapi import render
from infra.settings import ROOT


@pytest.fixture(scope="module")
def rendered() -> str:
    """Building the app's schema takes seconds; the tests here only read it."""
    return render()


def test_committed_openapi_document_is_current(rendered: str) -> None:
    committed = (ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")
    assert committed == rendered, "openapi/openapi.json is stale: run `make openapi` and commit it"


def test_every_operation_has_a_stable_id_and_a_declared_permission(rendered: str) -> None:
    operations = [op for path in json.loads(rendered)["paths"].values() for op in path.values()]
    assert operations
    for op in operations:
        assert "-" in op["operationId"], op["operationId"]
        assert op.get("x-permission"), f"{op['operationId']} declares no permission"
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))


def test_document_is_valid_json_with_problem_schema(rendered: str) -> None:
    assert "Problem" in json.loads(rendered)["components"]["schemas"]
