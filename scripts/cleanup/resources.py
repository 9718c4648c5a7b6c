"""List and delete the AWS resources a run creates, found by the framework's tags.

Functions, IAM roles and policies, log groups and S3 buckets carry the tags
E2ERunId, E2EFeature and E2ECreatedAt. Lambda layer versions cannot be
tagged, so callers pass a predicate on the layer's name and description
instead. Every listing is paginated and every call goes through scripts.cleanup.retry, so
throttling and dropped connections are retried.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from scripts.cleanup import api_listers, iam_deletion, kinds, retry

RUN_TAG = "E2ERunId"
FEATURE_TAG = "E2EFeature"
CREATED_TAG = "E2ECreatedAt"

FUNCTION = "lambda function"
LAYER_VERSION = "lambda layer version"
ROLE = "iam role"
POLICY = "iam policy"
LOG_GROUP = "log group"
BUCKET = "s3 bucket"
# Found through the Resource Groups Tagging API (and scripts.cleanup.api_listers):
# S3 buckets (the handler code bucket of every run) and what features add, by
# kind (scripts.cleanup.kinds); OTHER is a kind the sweeper has no deleter for.
OTHER = "other"
# Functions first: they hold the code bucket, layer versions and roles; then
# what features add (mappings and front doors before queues and tables);
# policies once no role holds them; log groups last so nothing writes into a
# group after it is gone.
DELETE_ORDER = (FUNCTION, *kinds.DELETE_ORDER, BUCKET, LAYER_VERSION, ROLE, POLICY, LOG_GROUP)
S3_BUCKET_ARN = re.compile(r"arn:[^:]+:s3:::([^/]+)")
# ARNs the listers above already cover (the Tagging API knows some of them too).
COVERED_ARN = re.compile(
    r"arn:[^:]+:(lambda:[^:]*:[^:]*:(function|layer):|logs:[^:]*:[^:]*:log-group:|iam::[^:]*:(role|policy)/)"
)
GONE_CODES = frozenset({"ResourceNotFoundException", "NoSuchEntity", "NoSuchBucket", "NotFoundException",
                        "ParameterNotFound", "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist",
                        "LoadBalancerNotFound", "ListenerNotFound", "TargetGroupNotFound"}) | kinds.GONE_CODES

TagMatch = Callable[[Mapping[str, str]], bool]
LayerMatch = Callable[[str, str], bool]  # (layer name, version description)


@dataclass(frozen=True)
class Resource:
    kind: str
    name: str
    arn: str
    tags: Mapping[str, str] = field(default_factory=dict)
    # Untaggable layer versions carry their age in CreatedDate instead of a tag.
    created_date: datetime | None = None

    @property
    def run_id(self) -> str:
        return self.tags.get(RUN_TAG, "")

    @property
    def feature(self) -> str:
        return self.tags.get(FEATURE_TAG, "")

    @property
    def created_at(self) -> datetime | None:
        """When the framework created it: the E2ECreatedAt tag, else CreatedDate; None if unknown."""
        if CREATED_TAG not in self.tags:
            return self.created_date
        try:
            stamp = datetime.fromisoformat(self.tags[CREATED_TAG])
        except ValueError:
            return None
        return stamp if stamp.tzinfo else None

    def describe(self) -> str:
        where = f" (run {self.run_id}, feature {self.feature or '?'})" if self.run_id else ""
        return f"{self.kind} {self.name}{where}"


_pages = retry.pages


def _is_gone(exc: ClientError) -> bool:
    return exc.response.get("Error", {}).get("Code", "") in GONE_CODES


def _tags_or_none(what: str, fetch: Callable[[], Mapping[str, str]]) -> Mapping[str, str] | None:
    """Tags of a resource, or None when it vanished between listing and lookup."""
    try:
        return retry.call(what, fetch)
    except ClientError as exc:
        if _is_gone(exc):
            return None
        raise


def functions(match: TagMatch) -> Iterator[Resource]:
    lam = retry.client("lambda")
    for fn in _pages(lam, "list_functions", "Functions"):
        arn = fn["FunctionArn"]
        tags = _tags_or_none(f"lambda ListTags {arn}", lambda: lam.list_tags(Resource=arn).get("Tags", {}))
        if tags is not None and match(tags):
            yield Resource(FUNCTION, fn["FunctionName"], arn, dict(tags))


def layer_versions(match: LayerMatch) -> Iterator[Resource]:
    lam = retry.client("lambda")
    for layer in _pages(lam, "list_layers", "Layers"):
        name = layer["LayerName"]
        for version in _pages(lam, "list_layer_versions", "LayerVersions", LayerName=name):
            if not match(name, version.get("Description", "")):
                continue
            created = datetime.fromisoformat(version["CreatedDate"])
            yield Resource(LAYER_VERSION, f"{name}:{version['Version']}", version["LayerVersionArn"], {}, created)


def roles(match: TagMatch) -> Iterator[Resource]:
    iam = retry.client("iam")
    for role in _pages(iam, "list_roles", "Roles"):
        name = role["RoleName"]
        tags = _tags_or_none(
            f"iam ListRoleTags {name}",
            lambda: {t["Key"]: t["Value"] for t in _pages(iam, "list_role_tags", "Tags", RoleName=name)},
        )
        if tags is not None and match(tags):
            yield Resource(ROLE, name, role["Arn"], tags)


def log_groups(match: TagMatch) -> Iterator[Resource]:
    logs = retry.client("logs")
    for group in _pages(logs, "describe_log_groups", "logGroups"):
        # ListTagsForResource wants the ARN without the ":*" describe_log_groups appends.
        arn = group.get("logGroupArn") or group["arn"].removesuffix(":*")
        tags = _tags_or_none(
            f"logs ListTagsForResource {arn}", lambda: logs.list_tags_for_resource(resourceArn=arn).get("tags", {})
        )
        if tags is not None and match(tags):
            yield Resource(LOG_GROUP, group["logGroupName"], arn, dict(tags))


def policies(match: TagMatch) -> Iterator[Resource]:
    """Customer-managed IAM policies (a feature's aws_iam_policy)."""
    iam = retry.client("iam")
    for policy in _pages(iam, "list_policies", "Policies", Scope="Local"):
        arn = policy["Arn"]
        tags = _tags_or_none(
            f"iam ListPolicyTags {arn}",
            lambda: {t["Key"]: t["Value"] for t in _pages(iam, "list_policy_tags", "Tags", PolicyArn=arn)},
        )
        if tags is not None and match(tags):
            yield Resource(POLICY, policy["PolicyName"], arn, tags)


def _bucket_exists(name: str) -> bool:
    """The Tagging API lists a deleted bucket for a while on AWS; S3 itself knows."""
    s3 = retry.client("s3")
    try:
        retry.call(f"s3 HeadBucket {name}", s3.head_bucket, Bucket=name)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchBucket"):
            return False
        raise
    return True


def _tagged_elsewhere() -> Iterator[tuple[str, Mapping[str, str]]]:
    tagging = retry.client("resourcegroupstaggingapi")
    for mapping in _pages(tagging, "get_resources", "ResourceTagMappingList", TagFilters=[{"Key": RUN_TAG}]):
        yield mapping["ResourceARN"], {t["Key"]: t["Value"] for t in mapping.get("Tags", [])}
    yield from api_listers.tagged()


def others(match: TagMatch) -> Iterator[Resource]:
    """S3 buckets, and tagged resources of the kinds features add (queues, tables, keys, ...), each ARN once."""
    seen: set[str] = set()
    for arn, tags in _tagged_elsewhere():
        if arn in seen or COVERED_ARN.match(arn) or not match(tags):
            continue
        seen.add(arn)
        bucket = S3_BUCKET_ARN.fullmatch(arn)
        known = kinds.classify(arn)
        if bucket is not None:
            if _bucket_exists(bucket[1]):
                yield Resource(BUCKET, bucket[1], arn, tags)
        elif known is not None:
            yield Resource(known[0], known[1], arn, tags)
        else:
            yield Resource(OTHER, arn, arn, tags)


def split_kept(found: list[Resource]) -> tuple[list[Resource], list[tuple[Resource, str]]]:
    """(what remains, what AWS keeps by design after a delete and why: a key or secret in its waiting period)."""
    kept = [(r, why) for r in found if (why := kinds.kept_by_design(r.kind, r.name, r.arn))]
    return [r for r in found if r.arn not in {k.arn for k, _ in kept}], kept


# The services find() asks whatever it finds (the leak check loads their clients ahead).
LISTED_SERVICES = ("lambda", "resourcegroupstaggingapi", "apigateway", "apigatewayv2", "appconfig", "sts", "iam",
                   "logs")


def find(tag_match: TagMatch, layer_match: LayerMatch) -> list[Resource]:
    """Every matching resource, in the order it is safe to delete them."""
    return [
        *functions(tag_match),
        *others(tag_match),
        *layer_versions(layer_match),
        *roles(tag_match),
        *policies(tag_match),
        *log_groups(tag_match),
    ]


def _delete_function(lam: Any, name: str) -> None:
    """Its Function URL, then the function."""
    try:
        retry.call(f"lambda DeleteFunctionUrlConfig {name}", lam.delete_function_url_config, FunctionName=name)
    except ClientError as exc:
        if not _is_gone(exc):
            raise
    retry.call(f"lambda DeleteFunction {name}", lam.delete_function, FunctionName=name)


def _delete_bucket(s3: Any, name: str) -> None:
    """S3 deletes only an empty bucket: every object version and delete marker goes first."""
    pages = _pages(s3, "list_object_versions", "Versions", Bucket=name)
    pages += _pages(s3, "list_object_versions", "DeleteMarkers", Bucket=name)
    keys = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in pages]
    for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1000 keys
        batch = {"Objects": keys[start : start + 1000], "Quiet": True}
        retry.call(f"s3 DeleteObjects {name}", s3.delete_objects, Bucket=name, Delete=batch)
    retry.call(f"s3 DeleteBucket {name}", s3.delete_bucket, Bucket=name)


def delete(resource: Resource) -> bool:
    """Delete one resource; False if it was already gone (not an error)."""
    what = f"delete {resource.describe()}"
    try:
        if resource.kind == FUNCTION:
            _delete_function(retry.client("lambda"), resource.name)
        elif resource.kind == LAYER_VERSION:
            layer, version = resource.name.rsplit(":", 1)
            lam = retry.client("lambda")
            retry.call(what, lam.delete_layer_version, LayerName=layer, VersionNumber=int(version))
        elif resource.kind == ROLE:
            iam_deletion.delete_role(retry.client("iam"), resource.name)
        elif resource.kind == BUCKET:
            _delete_bucket(retry.client("s3"), resource.name)
        elif resource.kind == POLICY:
            iam_deletion.delete_policy(retry.client("iam"), resource.arn)
        elif resource.kind == LOG_GROUP:
            retry.call(what, retry.client("logs").delete_log_group, logGroupName=resource.name)
        elif resource.kind in kinds.BY_NAME:
            kinds.delete(resource.kind, resource.name, resource.arn)
        else:
            raise ValueError(f"no deleter for {resource.arn}; delete it with: {kinds.cli_command(resource.arn)}")
    except ClientError as exc:
        if _is_gone(exc):
            return False
        raise
    return True

