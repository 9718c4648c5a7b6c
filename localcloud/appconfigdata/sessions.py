"""Configuration sessions and the token protocol: each token is good for one
GetLatestConfiguration call, which hands out the next one; the session
remembers which deployment its caller already has."""
from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, replace

from moto.core.base_backend import BackendDict, BaseBackend


@dataclass(frozen=True)
class Session:
    account: str
    region: str
    application_id: str
    environment_id: str
    profile_id: str
    poll_interval_s: int
    seen_deployment: int = 0  # the deployment number the caller last received


class Sessions(BaseBackend):
    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self._by_token: dict[str, Session] = {}
        self._lock = threading.Lock()

    def issue(self, session: Session) -> str:
        token = secrets.token_urlsafe(48)
        with self._lock:
            self._by_token[token] = session
        return token

    def redeem(self, token: str) -> Session | None:
        """The token's session, once: a second use finds nothing."""
        with self._lock:
            return self._by_token.pop(token, None)

    def advance(self, session: Session, seen_deployment: int) -> str:
        return self.issue(replace(session, seen_deployment=seen_deployment))


sessions = BackendDict(Sessions, "appconfig")  # per account and region, like moto's own state
