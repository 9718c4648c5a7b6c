"""Corrections to moto's AppConfig. Applied once, when localcloud starts."""
from __future__ import annotations

from typing import Any

from moto.appconfig.models import HostedConfigurationVersion

_moto_headers = HostedConfigurationVersion.get_headers


def _headers_without_unset(self: HostedConfigurationVersion) -> dict[str, Any]:
    """moto sends an unset Description or VersionLabel as the header value
    "None", which Terraform reads back as a changed description and replaces
    the version on every plan. AWS sends no header for an unset field."""
    return {name: value for name, value in _moto_headers(self).items() if value is not None}


def apply() -> None:
    HostedConfigurationVersion.get_headers = _headers_without_unset  # type: ignore[method-assign]
