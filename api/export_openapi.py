"""Write the OpenAPI document the SPA client and integrators use: `make openapi`."""

from __future__ import annotations

import json
import sys
from typing import Any

from api.app import create_app
from infra.settings import AuthSettings, Settings


def document() -> dict[str, Any]:
    # sandboxes and local paths must not leak into the published contract
    # development with a throw-away secret: the document depends on neither, and nothing is written under var/
    settings = Settings(
        app_env="development", sandbox_enabled=False, log_json=False, auth=AuthSettings(jwt_secret="-" * 32)
    )
    return create_app(settings).openapi()


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
