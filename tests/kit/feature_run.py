"""A feature deployed by the real pipeline in a throwaway checkout, its suite run
as the verify phase runs it, and its functions' code swapped in place.

`make deploy` / `make destroy` run in the checkout (its own build/, the session's
localcloud), so the feature's own resources, outputs and settings are all there.
Sabotage replaces the deployed code through UpdateFunctionCode with zips built
by the pipeline's own packager, so only the handlers' behaviour differs.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.artefacts.handler_zips import package
from scripts.pipeline import contracts
from tests.kit.checkout import copy_checkout, make, make_env
from tests.kit.cloud import LocalCloudHandle

# Generous: a deploy or destroy on a machine whose cores are busy with other runs.
PIPELINE_TIMEOUT_S = 1200
SUITE_TIMEOUT_S = 900

Edit = Callable[[str, str], str]  # (handler file name, source) -> source
_SILENT_HANDLER = '''

def lambda_handler(event, context):  # sabotage: returns without doing what the feature does
    return "success"
'''


def silenced(_name: str, source: str) -> str:
    """The Edit that redefines a handler to return at once, doing nothing."""
    return source + _SILENT_HANDLER


@dataclass(frozen=True)
class TestResult:
    name: str
    failure: str | None  # the failure's or error's message; None when it passed


@dataclass(frozen=True)
class SuiteRun:
    returncode: int
    results: list[TestResult]
    waited_s: float
    output: str

    @property
    def failures(self) -> list[TestResult]:
        return [r for r in self.results if r.failure is not None]


def _results(junit: Path) -> list[TestResult]:
    results = []
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        bad = case.find("failure")
        bad = case.find("error") if bad is None else bad
        failure = None if bad is None else f"{bad.get('message', '')}\n{bad.text or ''}"
        results.append(TestResult(case.get("name", ""), failure))
    return results


@dataclass(frozen=True)
class PipelineCheckout:
    """A copy of the working tree (its own build/) and the make environment aimed at one localcloud."""

    path: Path
    env: dict[str, str]
    cloud: LocalCloudHandle


def pipeline_checkout(dest: Path, cloud: LocalCloudHandle) -> PipelineCheckout:
    return PipelineCheckout(copy_checkout(dest), make_env(cloud.env, cloud.port, cloud.xray_port), cloud)


class FeatureRun:
    """One feature's run in the checkout: deploy, suite runs, code swaps, destroy."""

    def __init__(self, checkout: PipelineCheckout, feature: str, run_id: str) -> None:
        self.checkout, self.feature, self.run_id = checkout.path, feature, run_id
        self.env = {**checkout.env, "FEATURE": feature, "RUN_ID": run_id}
        self.run_dir = self.checkout / "build" / "runs" / run_id / feature
        self.handlers = self.checkout / "handlers" / feature
        self._lambda = checkout.cloud.client("lambda")

    def stage(self, name: str) -> subprocess.CompletedProcess[str]:
        """`make <name>` for this feature and run, as a user types it."""
        return make(self.checkout, [name], self.env, timeout=PIPELINE_TIMEOUT_S)

    def deploy(self) -> None:
        done = self.stage("deploy")
        assert done.returncode == 0, f"make deploy FEATURE={self.feature} failed:\n{done.stdout}{done.stderr}"

    def destroy(self) -> subprocess.CompletedProcess[str]:
        """`make destroy`: terraform destroy, then the leak check."""
        return self.stage("destroy")

    def verify(self, *variables: str) -> tuple[subprocess.CompletedProcess[str], list[TestResult]]:
        """`make verify` with extra make variables (`RUNNER=local`): its outcome and the run's JUnit results."""
        done = make(self.checkout, ["verify", *variables], self.env, timeout=PIPELINE_TIMEOUT_S)
        junit = self.run_dir / "junit.xml"
        return done, _results(junit) if junit.exists() else []

    def outputs(self) -> dict[str, Any]:
        return {k: v["value"] for k, v in json.loads((self.run_dir / "outputs.json").read_text()).items()}

    def suite(self, report_dir: Path, *select: str) -> SuiteRun:
        """The verify phase's pytest command, plus a wait report."""
        report_dir.mkdir(parents=True, exist_ok=True)
        junit, waits = report_dir / "junit.xml", report_dir / "waits.json"
        env = {**self.env, "E2E_RUN_ID": self.run_id, "E2E_FEATURE": self.feature}
        done = subprocess.run(
            [str(self.checkout / ".venv/bin/python"), "-m", "pytest", f"verifiers/{self.feature}", "-q",
             "-p", "no:cacheprovider", "--outputs", str(self.run_dir / "outputs.json"),
             "--junitxml", str(junit), "--wait-report", str(waits), *select],
            cwd=self.checkout, env=env, capture_output=True, text=True, timeout=SUITE_TIMEOUT_S, check=False,
        )
        output = done.stdout + done.stderr
        assert junit.exists() and waits.exists(), output
        # the summary and the last failure are what explain a run
        return SuiteRun(done.returncode, _results(junit), _data_wait_s(json.loads(waits.read_text())), output[-6000:])

    @contextmanager
    def handlers_edited(self, edit: Edit) -> Iterator[None]:
        """Every function runs its handler passed through `edit` (helpers as they are);
        the deployed code comes back afterwards."""
        with tempfile.TemporaryDirectory(prefix=f"{self.feature}-edited-") as scratch:
            edited = Path(scratch) / "handlers"
            shutil.copytree(self.handlers, edited)
            for handler in contracts.handler_files(edited):
                handler.write_text(edit(handler.name, handler.read_text()))
            self._install(package(edited, Path(scratch) / "package"))
        try:
            yield
        finally:
            self._install(sorted((self.run_dir / "package").glob("*.zip")))  # the zips the deploy uploaded

    def _install(self, zips: list[Path]) -> None:
        outputs = self.outputs()
        for zip_path in zips:
            name = outputs[contracts.pascal_name(Path(f"{zip_path.stem}.py"))]
            self._lambda.update_function_code(FunctionName=name, ZipFile=zip_path.read_bytes())
            self._lambda.get_waiter("function_updated_v2").wait(
                FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 300}
            )


# Waits for data to become readable (what localcloud's ingestion speed decides). An
# "update" wait may be elapsed time the test itself needs (a TTL running out, a
# concurrent invoke reaching its body), which no cloud can shorten.
DATA_KINDS = ("logs", "metrics", "traces")


def _data_wait_s(report: dict[str, Any]) -> float:
    return sum(w["seconds"] for w in report["waits"] if w["kind"] in DATA_KINDS)
