"""AppConfig's errors through the front door: REST-JSON with the code in
`x-amzn-ErrorType` and the text in `Message` (capital M), as AWS sends them."""
from __future__ import annotations

import json

from test_unit_frontdoor import FakeCloud, call

from localcloud import appconfig, appconfigdata
from localcloud.frontdoor import FrontDoor

SIGNED_FOR_APPCONFIG = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/appconfig/aws4_request, "
                        "SignedHeaders=host, Signature=0")


def test_an_unknown_application_is_a_404_with_a_capital_message() -> None:
    # GIVEN the front door over AppConfig's routes and no application
    app = FrontDoor(FakeCloud(), [*appconfig.ROUTES, *appconfigdata.ROUTES])  # type: ignore[arg-type]
    # WHEN an environment of an unknown application is asked for
    status, headers, body = call(app, "GET", "/applications/nosuchapp/environments/nosuchenv",
                                 AUTHORIZATION=SIGNED_FOR_APPCONFIG)
    # THEN AWS's REST-JSON error comes back, its text under "Message"
    assert status == "404 Not Found"
    assert headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    assert json.loads(body) == {"Message": "Application not found"}
