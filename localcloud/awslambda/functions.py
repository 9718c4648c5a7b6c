"""A function as localcloud runs it: its configuration read straight from
moto's Lambda backend, and its code and layers unpacked into a cache."""
from __future__ import annotations

import hashlib
import json
import shutil
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from moto.awslambda.models import lambda_backends

from localcloud.awslambda.safezip import UnsafeArchive, safe_extract
from localcloud.core.vpc_network import subnets_vpc


@dataclass(frozen=True)
class FunctionSpec:
    account_id: str
    region: str
    name: str
    arn: str
    version: str  # "$LATEST" or a published version number
    runtime: str
    handler: str
    memory_mb: int
    timeout_s: int
    environment: dict[str, str]
    tracing_active: bool
    log_group: str
    code_sha: str
    layer_arns: tuple[str, ...]
    vpc_id: str | None  # the VPC of its VpcConfig's subnets; None when not attached to one
    reserved_concurrency: int | None = field(compare=False)  # not part of the fingerprint
    code_zip: bytes = field(repr=False, compare=False)
    layer_zips: tuple[tuple[str, bytes], ...] = field(repr=False, compare=False)

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever code or configuration changes: environments built
        for another fingerprint are retired. Computed once per load: the pool
        compares it with every environment of the function on each invoke."""
        parts = [self.version, self.runtime, self.handler, self.memory_mb, self.timeout_s,
                 self.environment, self.tracing_active, self.log_group, self.code_sha,
                 [sha for sha, _ in self.layer_zips], self.vpc_id]
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class FunctionNotFound(Exception):
    def __init__(self, arn: str) -> None:
        super().__init__(f"Function not found: {arn}")
        self.arn = arn


def function_arn(account_id: str, region: str, name_or_arn: str, qualifier: str | None) -> str:
    arn = name_or_arn if name_or_arn.startswith("arn:") else (
        f"arn:aws:lambda:{region}:{account_id}:function:{name_or_arn}")
    return f"{arn}:{qualifier}" if qualifier and arn.count(":") == 6 else arn


def load(account_id: str, region: str, name_or_arn: str, qualifier: str | None,
         log_groups: dict[tuple[str, str, str], str]) -> FunctionSpec:
    """Read the function from moto. `log_groups` maps (account, region, function
    name) to the log group of its LoggingConfig (moto does not keep that setting)."""
    backend = lambda_backends[account_id][region]
    try:
        fn = backend.get_function(name_or_arn, qualifier)
    except Exception as exc:  # moto raises UnknownFunctionException and friends
        raise FunctionNotFound(function_arn(account_id, region, name_or_arn, qualifier)) from exc
    if fn is None:
        raise FunctionNotFound(function_arn(account_id, region, name_or_arn, qualifier))
    layers: list[tuple[str, bytes]] = []
    for layer in fn.layers:
        version = backend.layers_versions_by_arn(layer["Arn"])
        if version is not None:
            layers.append((version.code_sha_256, version.code_bytes))
    return FunctionSpec(
        account_id=account_id,
        region=region,
        name=fn.function_name,
        arn=make_unqualified(fn.function_arn),
        version=str(fn.version),
        runtime=fn.run_time or "",
        handler=fn.handler or "",
        memory_mb=int(fn.memory_size),
        timeout_s=int(fn.timeout),
        environment={str(k): str(v) for k, v in (fn.environment_vars or {}).items()},
        tracing_active=(fn.tracing_config or {}).get("Mode") == "Active",
        log_group=log_groups.get((account_id, region, fn.function_name)) or f"/aws/lambda/{fn.function_name}",
        code_sha=fn.code_sha_256,
        layer_arns=tuple(layer["Arn"] for layer in fn.layers),
        vpc_id=subnets_vpc(account_id, region, list((fn._vpc_config or {}).get("SubnetIds") or [])),
        reserved_concurrency=_reserved(backend.get_function(fn.function_name).reserved_concurrency),
        code_zip=fn.code_bytes or b"",
        layer_zips=tuple(layers),
    )


def _reserved(value: object) -> int | None:
    return None if value is None or value == "" else int(str(value))


def make_unqualified(arn: str) -> str:
    return ":".join(arn.split(":")[:7])


class CodeCache:
    """Unpacks code and layers once per content hash under the data dir.
    Layers are merged into one /opt tree in layer order, later layers
    overwriting earlier files, exactly as Lambda mounts them. The server
    empties `root` once it holds its port (what a killed instance left)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def task_root(self, spec: FunctionSpec) -> Path:
        key = spec.code_sha or hashlib.sha256(spec.code_zip).hexdigest()
        return self._unpack("task", key, [spec.code_zip])

    def opt_root(self, spec: FunctionSpec) -> Path:
        key = hashlib.sha256("|".join(sha for sha, _ in spec.layer_zips).encode()).hexdigest()
        return self._unpack("opt", key, [data for _, data in spec.layer_zips])

    def _unpack(self, kind: str, key: str, archives: list[bytes]) -> Path:
        target = self.root / kind / key[:32]
        if (target / ".complete").exists():
            return target
        with self._lock:
            if (target / ".complete").exists():
                return target
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            try:
                for data in archives:
                    if data:
                        safe_extract(data, target)
            except UnsafeArchive:
                shutil.rmtree(target, ignore_errors=True)
                raise
            (target / ".complete").touch()
        return target
