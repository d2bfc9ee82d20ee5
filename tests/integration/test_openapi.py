"""The committed OpenAPI document is what the app serves; every operation names its permission."""

from __future__ import annotations

import json

from api.export_openapi import document, render
from infra.settings import ROOT


def test_committed_openapi_document_is_current() -> None:
    committed = (ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")
    assert committed == render(), "openapi/openapi.json is stale: run `make openapi` and commit it"


def test_every_operation_has_a_stable_id_and_a_declared_permission() -> None:
    operations = [op for path in document()["paths"].values() for op in path.values()]
    assert operations
    for op in operations:
        assert "-" in op["operationId"], op["operationId"]
        assert op.get("x-permission"), f"{op['operationId']} declares no permission"
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))


def test_document_is_valid_json_with_problem_schema() -> None:
    assert "Problem" in json.loads(render())["components"]["schemas"]
