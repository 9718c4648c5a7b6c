"""Execution environments per function: reuse an idle one (warm), start a new
one when all are busy (cold), retire them when code or configuration changes
and reap the ones idle for too long."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from localcloud.awslambda.environment import ExecutionEnvironment, Launch
from localcloud.awslambda.functions import FunctionSpec
from localcloud.core.proctree import processes

Key = tuple[str, str, str, str]  # account, region, function name, version


class Throttled(Exception):
    """All of the function's reserved concurrency is in use."""


def key_of(spec: FunctionSpec) -> Key:
    return spec.account_id, spec.region, spec.name, spec.version


@dataclass
class _Slot:
    env: ExecutionEnvironment
    busy: bool
    last_used: float
    retired: bool = False


class EnvironmentPool:
    def __init__(self, make_launch: Callable[[FunctionSpec], Launch], idle_seconds: float) -> None:
        self._make_launch = make_launch
        self._idle_seconds = idle_seconds
        self._slots: dict[Key, list[_Slot]] = {}
        self._starting: dict[tuple[str, str, str], int] = {}  # cold starts under way per function
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._reaper = threading.Thread(target=self._reap_loop, daemon=True)

    def start(self) -> None:
        self._reaper.start()

    def acquire(self, spec: FunctionSpec) -> tuple[ExecutionEnvironment, bool]:
        """An environment for this invoke, and whether it is a cold start."""
        stale: list[ExecutionEnvironment] = []
        with self._lock:
            slots = self._slots.setdefault(key_of(spec), [])
            for slot in list(slots):
                if slot.env.fingerprint != spec.fingerprint or not slot.env.alive():
                    slot.retired = True
                    if not slot.busy:
                        slots.remove(slot)
                        stale.append(slot.env)
            warm = next((s for s in slots if not s.busy and not s.retired), None)
            if warm is not None:
                warm.busy = True
            elif spec.reserved_concurrency is not None and self._in_use(spec) >= spec.reserved_concurrency:
                raise Throttled(spec.name)
            else:
                self._starting[key_of(spec)[:3]] = self._starting.get(key_of(spec)[:3], 0) + 1
        for env in stale:
            env.kill()
        if warm is not None:
            return warm.env, False
        try:
            env = ExecutionEnvironment(spec, self._make_launch(spec))
            env.start()
        finally:
            with self._lock:
                self._starting[key_of(spec)[:3]] -= 1
        if env.init_failure is None:
            with self._lock:
                self._slots.setdefault(key_of(spec), []).append(_Slot(env, True, time.monotonic()))
        return env, True

    def _in_use(self, spec: FunctionSpec) -> int:
        """Busy environments of the function, every version, plus cold starts (lock held)."""
        function = key_of(spec)[:3]
        busy = sum(slot.busy for key, slots in self._slots.items() if key[:3] == function for slot in slots)
        return busy + self._starting.get(function, 0)

    def release(self, env: ExecutionEnvironment) -> None:
        doomed = False
        with self._lock:
            slots = self._slots.get(key_of(env.spec), [])
            for slot in slots:
                if slot.env is env:
                    if slot.retired or not env.alive():
                        slots.remove(slot)
                        doomed = True
                    else:
                        slot.busy, slot.last_used = False, time.monotonic()
                    break
        if doomed:
            env.kill()

    def retire(self, account_id: str, region: str, name: str) -> None:
        """Code, configuration or the function itself changed: no more reuse."""
        idle: list[ExecutionEnvironment] = []
        with self._lock:
            for key, slots in self._slots.items():
                if key[:3] != (account_id, region, name):
                    continue
                for slot in list(slots):
                    slot.retired = True
                    if not slot.busy:
                        slots.remove(slot)
                        idle.append(slot.env)
        for env in idle:
            env.kill()

    def summary(self) -> list[dict[str, object]]:
        with self._lock:
            return [{"function": key[2], "version": key[3], "region": key[1],
                     "environments": len(slots), "busy": sum(s.busy for s in slots)}
                    for key, slots in self._slots.items() if slots]

    def shutdown(self) -> None:
        self._stop.set()
        with self._lock:
            envs = [slot.env for slots in self._slots.values() for slot in slots]
            self._slots.clear()
        for env in envs:
            env.kill()

    def _reap_loop(self) -> None:
        while not self._stop.wait(min(5.0, self._idle_seconds)):
            now = time.monotonic()
            expired: list[ExecutionEnvironment] = []
            with self._lock:
                for slots in self._slots.values():
                    for slot in list(slots):
                        if not slot.busy and now - slot.last_used > self._idle_seconds:
                            slots.remove(slot)
                            expired.append(slot.env)
                idle = [slot for slots in self._slots.values() for slot in slots if not slot.busy]
            # What an invoke left running (Lambda would freeze it) still may not fork without bound.
            # One scan of /proc for all of them: a test session keeps dozens of idle environments.
            table = processes() if idle else {}
            for slot in idle:
                if slot.env.over_process_limit(table):
                    self._retire_slot(slot)
            for env in expired:
                env.kill()

    def _retire_slot(self, slot: _Slot) -> None:
        with self._lock:
            slot.retired = True
            slots = self._slots.get(key_of(slot.env.spec), [])
            if slot in slots and not slot.busy:
                slots.remove(slot)
            else:
                return  # taken by an invoke meanwhile: its own checks end it
        slot.env.kill()
