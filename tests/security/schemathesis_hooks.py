"""Loaded by the schemathesis CLI (SCHEMATHESIS_HOOKS): a check that keeps what `positive_data_acceptance` is for
once 422 is an expected answer to schema-valid data (tests/security/schemathesis.toml says why it is).

A schema-valid request may break a business rule and get a 422 with that rule's code. It may never fail the
request's own field validation: that means the schema promises more than the app accepts (an integer written
5.0, a string the pattern allows), which is what this check catches. `value_error` is what our own validators
raise for rules across fields (a promotion ending before it starts), so it counts as a business rule.
"""

from __future__ import annotations

from typing import Any

import schemathesis


@schemathesis.check
def schema_valid_input_passes_field_validation(ctx: Any, response: Any, case: Any) -> bool | None:
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict) or body.get("code") != "validation.failed":
        return None
    refused = [e for e in body.get("errors") or [] if e.get("code") != "value_error"]
    if refused:
        raise AssertionError(f"The schema allows this input; the app's field validation refused it: {refused}")
    return None
