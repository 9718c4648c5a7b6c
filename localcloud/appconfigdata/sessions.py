"""Configuration sessions and the token protocol: each token is good for one
GetLatestConfiguration call within 24 hours, and that call hands out the
next one; the session remembers which deployment its caller already has."""
from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, replace

from moto.core.base_backend import BackendDict, BaseBackend

TOKEN_LIFETIME_S = 24 * 3600


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
        self._by_token: dict[str, tuple[float, Session]] = {}
        self._lock = threading.Lock()

    def issue(self, session: Session) -> str:
        token, now = secrets.token_urlsafe(48), time.monotonic()
        with self._lock:
            # Unused tokens expire; dropping them keeps abandoned sessions from piling up.
            self._by_token = {t: (issued, s) for t, (issued, s) in self._by_token.items()
                              if now - issued < TOKEN_LIFETIME_S}
            self._by_token[token] = (now, session)
        return token

    def redeem(self, token: str) -> Session | None:
        """The token's session, once and within its lifetime; else None."""
        with self._lock:
            issued, session = self._by_token.pop(token, (0.0, None))
        return session if session is not None and time.monotonic() - issued < TOKEN_LIFETIME_S else None

    def advance(self, session: Session, seen_deployment: int) -> str:
        return self.issue(replace(session, seen_deployment=seen_deployment))


sessions = BackendDict(Sessions, "appconfig")  # per account and region, like moto's own state
