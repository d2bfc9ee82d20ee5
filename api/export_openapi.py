"""Write the OpenAPI document the SPA client and integrators use: `make openapi`."""

from __future__ import annotations

import json
import sys
from typing import Any

from api.app import create_app
from infra.settings import Settings


def document() -> dict[str, Any]:
    # sandboxes and local paths must not leak into the published contract
    return create_app(Settings(sandbox_enabled=False, log_json=False)).openapi()


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
