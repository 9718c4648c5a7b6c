"""moto 5.2 drops CreateRestApi's `binaryMediaTypes` (only UpdateRestApi keeps
them), so a REST API created with binary media types would pass binary bodies
as text and Terraform would see drift. Keep them, as AWS does."""
from __future__ import annotations

import json
from typing import Any

from moto.apigateway.responses import APIGatewayResponse

_original_create = APIGatewayResponse.create_rest_api


def _create_keeping_binary_media_types(self: APIGatewayResponse) -> Any:
    status, headers, body = _original_create(self)
    media_types = self._get_param("binaryMediaTypes")
    if status == 200 and media_types:
        api = self.backend.get_rest_api(json.loads(body)["id"])
        api.binaryMediaTypes = list(media_types)
        body = json.dumps(api.to_dict())
    return status, headers, body


def apply() -> None:
    APIGatewayResponse.create_rest_api = _create_keeping_binary_media_types  # type: ignore[method-assign]
