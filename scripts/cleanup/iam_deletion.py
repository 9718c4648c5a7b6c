"""Deleting IAM roles and managed policies: IAM first wants everything that uses them gone."""

from __future__ import annotations

from typing import Any

from scripts.cleanup import retry


def delete_role(iam: Any, name: str) -> None:
    """IAM refuses to delete a role that still has policies or instance profiles."""
    for policy in retry.pages(iam, "list_attached_role_policies", "AttachedPolicies", RoleName=name):
        retry.call(
            f"iam DetachRolePolicy {name}", iam.detach_role_policy, RoleName=name, PolicyArn=policy["PolicyArn"]
        )
    for policy_name in retry.pages(iam, "list_role_policies", "PolicyNames", RoleName=name):
        retry.call(f"iam DeleteRolePolicy {name}", iam.delete_role_policy, RoleName=name, PolicyName=policy_name)
    for profile in retry.pages(iam, "list_instance_profiles_for_role", "InstanceProfiles", RoleName=name):
        retry.call(
            f"iam RemoveRoleFromInstanceProfile {name}",
            iam.remove_role_from_instance_profile,
            RoleName=name,
            InstanceProfileName=profile["InstanceProfileName"],
        )
    retry.call(f"iam DeleteRole {name}", iam.delete_role, RoleName=name)


def delete_policy(iam: Any, arn: str) -> None:
    """IAM deletes a policy only once nothing uses it and only its default version is left."""
    entities = {
        "PolicyGroups": ("GroupName", iam.detach_group_policy),
        "PolicyUsers": ("UserName", iam.detach_user_policy),
        "PolicyRoles": ("RoleName", iam.detach_role_policy),
    }
    for key, (name_key, detach) in entities.items():
        for entity in retry.pages(iam, "list_entities_for_policy", key, PolicyArn=arn):
            retry.call(f"iam detach {arn}", detach, PolicyArn=arn, **{name_key: entity[name_key]})
    for version in retry.pages(iam, "list_policy_versions", "Versions", PolicyArn=arn):
        if not version["IsDefaultVersion"]:
            retry.call(
                f"iam DeletePolicyVersion {arn}", iam.delete_policy_version, PolicyArn=arn, VersionId=version["VersionId"]
            )
    retry.call(f"iam DeletePolicy {arn}", iam.delete_policy, PolicyArn=arn)
