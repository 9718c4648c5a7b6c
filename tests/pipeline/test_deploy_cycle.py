"""The dev loop against a private localcloud, in a throwaway checkout whose
path has a space, for a feature named as Powertools names its utilities
(with '_'): deploy, verify one selected test and an empty second plan, a
handler edit changes only its function, destroy leaves nothing of the run."""
from __future__ import annotations

import json
import secrets
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.kit.pipeline import ROOT, run

HANDLER = """from aws_lambda_powertools import Logger

logger = Logger()


def lambda_handler(event, context):
    logger.info("probe")
    return {{"greeting": "{greeting}", "service": logger.service}}
"""
FEATURE = "probe_api"
RESOURCE_NAME = "probe-api"  # the DNS-safe form in every resource name
SUITE = """def test_hello_is_an_output(outputs):
    assert outputs["Hello"]


def test_left_out():
    raise AssertionError("TESTS='-k hello_is' deselects this test")
"""
SETTINGS = {"defaults": {"timeout": 12},
            "functions": {"hello_again": {"memory_size": 384, "reserved_concurrency": 2, "architecture": "arm64",
                                          "environment": {"GREETING_STYLE": "loud"}}}}
# One statement for hello_again only (`statement` is replaced to try others), and a front door.
FEATURE_TF = """locals {{
  feature_environment       = {{}}
  feature_vpc               = null
  feature_policy_statements = [{statement}]
}}

resource "aws_lambda_function_url" "hello" {{
  function_name      = module.functions.functions["Hello"].name
  authorization_type = "NONE"
}}

output "HelloUrl" {{
  value = aws_lambda_function_url.hello.function_url
}}
"""
QUEUE_READ = ('{ Sid = "ReadQueue", Effect = "Allow", Action = ["sqs:ReceiveMessage"], '
              'Resource = "arn:aws:sqs:us-east-1:000000000000:orders", Functions = ["hello_again"] }')


def make_checkout(dest: Path) -> Path:
    """Scripts, Terraform, layer recipe and localcloud of this tree plus a feature of our own."""
    for rel in ("scripts", "terraform", "layer", "verifiers", "localcloud"):
        shutil.copytree(ROOT / rel, dest / rel, symlinks=True)
    for rel in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / rel, dest / rel)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    (dest / "build").mkdir()
    (ROOT / "build/layer").mkdir(parents=True, exist_ok=True)
    (dest / "build/layer").symlink_to(ROOT / "build/layer")  # same recipe, same hash: a cache hit
    handlers = dest / "handlers" / FEATURE
    handlers.mkdir(parents=True)
    for name in ("hello", "hello_again"):
        (handlers / f"{name}.py").write_text(HANDLER.format(greeting=name))
    (handlers / "settings.json").write_text(json.dumps(SETTINGS))
    root = dest / "terraform/features" / FEATURE
    shutil.copytree(dest / "terraform/features/tracer", root, symlinks=True)
    (root / "feature.tf").write_text(FEATURE_TF.format(statement=QUEUE_READ))
    (dest / "verifiers" / FEATURE).mkdir()
    (dest / "verifiers" / FEATURE / "test_probe.py").write_text(SUITE)
    return dest


class Checkout:
    def __init__(self, path: Path, cloud: Any) -> None:
        self.path = path
        self.run_id = "rp" + secrets.token_hex(4)
        self.env = {**cloud.env, "TARGET": "local", "FEATURE": FEATURE, "RUN_ID": self.run_id,
                    "LOCALCLOUD_PORT": str(cloud.port), "LOCALCLOUD_XRAY_PORT": str(cloud.xray_port)}
        self.run_dir = path / "build/runs" / self.run_id / FEATURE

    def phase(self, name: str) -> str:
        """`make <name>`; the log of its last stage (deploy ends with apply)."""
        result = run(["make", name], env=self.env, cwd=self.path, timeout=600)
        last_stage = {"deploy": "apply"}.get(name, name)
        assert result.returncode == 0, result.stdout + result.stderr + self.log(last_stage)
        return self.log(last_stage)

    def log(self, name: str) -> str:
        log = self.run_dir / f"{name}.log"
        return log.read_text() if log.exists() else ""

    def outputs(self) -> dict[str, Any]:
        return json.loads((self.run_dir / "outputs.json").read_text())

    def plan_exit_code(self) -> int:
        env = {**self.env, "TF_DATA_DIR": str(self.run_dir / "tfdata"), "TF_WORKSPACE": self.run_id}
        if (self.path / "build/terraform.tfrc").exists():
            env["TF_CLI_CONFIG_FILE"] = str(self.path / "build/terraform.tfrc")
        result = run(["terraform", f"-chdir={self.path / 'terraform/features' / FEATURE}", "plan",
                      "-detailed-exitcode", "-input=false", "-no-color",
                      f"-var-file={self.run_dir / 'terraform.tfvars.json'}"], env=env)
        assert result.returncode in (0, 2), result.stdout + result.stderr
        return result.returncode


@pytest.fixture
def checkout(tmp_path: Path, localcloud: Any) -> Iterator[Checkout]:
    made = Checkout(make_checkout(tmp_path / "a checkout"), localcloud)
    yield made
    if (made.path / f"build/runs/latest-{FEATURE}").exists():  # a test failed before its destroy
        run(["make", "destroy"], env=made.env, cwd=made.path, timeout=600)


def invoke(lam: Any, name: str) -> dict[str, Any]:
    response = lam.invoke(FunctionName=name, Payload=b"{}")
    assert "FunctionError" not in response, response["Payload"].read()
    return json.loads(response["Payload"].read())


def assert_declared_settings(lam: Any, iam: Any, outputs: dict[str, Any]) -> None:
    """settings.json's per-function settings, and a statement for one function in its role only."""
    hello, again = outputs["Hello"]["value"], outputs["HelloAgain"]["value"]
    hello_config, again_config = (lam.get_function_configuration(FunctionName=n) for n in (hello, again))
    assert (hello_config["Timeout"], hello_config["MemorySize"]) == (12, 256)
    assert (again_config["Timeout"], again_config["MemorySize"]) == (12, 384)
    assert again_config["Environment"]["Variables"]["GREETING_STYLE"] == "loud"
    assert "GREETING_STYLE" not in hello_config["Environment"]["Variables"]
    assert lam.get_function_concurrency(FunctionName=again)["ReservedConcurrentExecutions"] == 2
    assert (hello_config["Architectures"], again_config["Architectures"]) == (["x86_64"], ["arm64"])

    # a statement for one function is in its role's policy only, without the Functions key
    def statements(config: dict[str, Any]) -> list[dict[str, Any]]:
        role_name = config["Role"].rsplit("/", 1)[1]
        policy = iam.get_role_policy(RoleName=role_name, PolicyName="write-logs-and-traces")
        return policy["PolicyDocument"]["Statement"]
    assert [s for s in statements(again_config) if s.get("Sid") == "ReadQueue"] == [{
        "Sid": "ReadQueue", "Effect": "Allow", "Action": ["sqs:ReceiveMessage"],
        "Resource": "arn:aws:sqs:us-east-1:000000000000:orders"}]
    assert not [s for s in statements(hello_config) if s.get("Sid") == "ReadQueue"]


@pytest.mark.slow(seconds=55)
def test_deploy_replan_edit_destroy(checkout: Checkout, localcloud: Any) -> None:
    lam, iam = localcloud.client("lambda"), localcloud.client("iam")

    # GIVEN a deployed feature
    checkout.phase("deploy")
    outputs = checkout.outputs()
    assert set(outputs) == {"Hello", "HelloArn", "HelloAgain", "HelloAgainArn", "HelloUrl", "ServiceName"}
    service = outputs["ServiceName"]["value"]
    assert service == f"e2e-{checkout.run_id}-{RESOURCE_NAME}"
    hello = outputs["Hello"]["value"]
    assert invoke(lam, hello) == {"greeting": "hello", "service": service}  # the layer is attached

    # THEN the Function URL in outputs.json is localcloud's, and it answers
    url = outputs["HelloUrl"]["value"]
    assert url.startswith(f"{localcloud.endpoint}/_aws/lambda-url/") and url.endswith("/")
    with urllib.request.urlopen(url, timeout=30) as response:
        assert json.loads(response.read()) == {"greeting": "hello", "service": service}

    # THEN it is tagged, least-privileged and a second plan is empty
    tags = lam.list_tags(Resource=outputs["HelloArn"]["value"])["Tags"]
    assert tags["E2ERunId"] == checkout.run_id and tags["E2EFeature"] == FEATURE
    assert tags["E2ECreatedAt"].endswith("Z")
    role = lam.get_function(FunctionName=hello)["Configuration"]["Role"].rsplit("/", 1)[1]
    policy = iam.get_role_policy(RoleName=role, PolicyName="write-logs-and-traces")["PolicyDocument"]
    actions = [a for s in policy["Statement"] for a in s["Action"]]
    assert actions and not any("*" in a for a in actions)
    assert checkout.plan_exit_code() == 0

    # THEN each function has the settings and statements its feature declares for it
    assert_declared_settings(lam, iam, outputs)

    # WHEN verified with extra pytest arguments THEN only the selected test runs, and the second plan is empty
    checkout.env["TESTS"] = "-k hello_is"
    log = checkout.phase("verify")
    del checkout.env["TESTS"]
    assert "1 passed, 1 deselected" in log and "plan: no changes" in log

    # WHEN one handler changes and the feature is deployed again
    (checkout.path / "handlers" / FEATURE / "hello.py").write_text(HANDLER.format(greeting="edited"))
    log = checkout.phase("deploy")

    # THEN only that function (and its code object) changed
    assert "Resources: 0 added, 2 changed, 0 destroyed." in log
    modified = sorted(line.split(": Modifying")[0] for line in log.splitlines() if ": Modifying" in line)
    assert modified == ['module.functions.aws_lambda_function.this["hello"]',
                        'module.functions.aws_s3_object.code["hello"]']
    assert invoke(lam, hello)["greeting"] == "edited"

    # WHEN destroyed THEN nothing of the run is left and the run is forgotten
    checkout.phase("destroy")
    names = [f["FunctionName"] for f in lam.list_functions()["Functions"]]
    assert not [n for n in names if checkout.run_id in n]
    roles = [r["RoleName"] for r in iam.list_roles()["Roles"]]
    assert not [r for r in roles if checkout.run_id in r]
    assert not (checkout.path / f"build/runs/latest-{FEATURE}").exists()


@pytest.mark.slow(seconds=25)
def test_remote_state_lives_in_the_configured_backend(checkout: Checkout, localcloud: Any) -> None:
    # GIVEN an S3 backend (localcloud's S3 standing in for a CI state bucket)
    s3 = localcloud.client("s3")
    bucket = f"state-{checkout.run_id}"
    s3.create_bucket(Bucket=bucket)
    (checkout.path / "terraform/features" / FEATURE / "backend_override.tf").write_text(
        'terraform {\n  backend "s3" {}\n}\n')
    config = checkout.path / "s3.hcl"
    config.write_text(
        f'bucket = "{bucket}"\nregion = "us-east-1"\nendpoints = {{ s3 = "{localcloud.endpoint}" }}\n'
        "use_path_style = true\nskip_credentials_validation = true\nskip_requesting_account_id = true\n")
    checkout.env["TF_BACKEND_CONFIG"] = str(config)
    key = f"lambda-e2e/{checkout.run_id}/{FEATURE}.tfstate"

    # WHEN deployed and destroyed THEN the state is the bucket's, never a local file
    checkout.phase("deploy")
    assert not (checkout.run_dir / "terraform.tfstate").exists()
    assert json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())["resources"]
    checkout.phase("destroy")
    assert json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())["resources"] == []


@pytest.mark.parametrize(("statement", "refusal"), [
    ('{ Sid = "AllOfDynamo", Effect = "Allow", Action = ["dynamodb:*"], Resource = "*" }',
     'wildcard action (name each action; no \'*\', \'service:*\' or NotAction): AllOfDynamo (["dynamodb:*"])'),
    ('{ Effect = "Allow", Action = "*", Resource = "*" }', 'statement #1 ("*")'),
    ('{ Sid = "Typo", Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*", Functions = ["helo"] }',
     'Typo (Functions ["helo"])'),
])
def test_a_statement_with_a_wildcard_or_an_unknown_function_is_refused_before_anything_is_created(
        checkout: Checkout, localcloud: Any, statement: str, refusal: str) -> None:
    # GIVEN a feature whose feature.tf asks for a wildcard action or names a missing function
    (checkout.path / "terraform/features" / FEATURE / "feature.tf").write_text(FEATURE_TF.format(statement=statement))
    # WHEN it is deployed
    result = run(["make", "deploy"], env=checkout.env, cwd=checkout.path, timeout=600)
    # THEN the deploy fails naming the statement, and nothing of the run exists
    assert result.returncode != 0
    assert refusal in " ".join(checkout.log("apply").split())
    assert "Creating..." not in checkout.log("apply")
    lam = localcloud.client("lambda")
    assert not [f for f in lam.list_functions()["Functions"] if checkout.run_id in f["FunctionName"]]
