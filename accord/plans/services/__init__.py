"""Writes on plans, in one place for views, the API and the demo loader. By concern:
``versions`` (sections, review, approval, notifications, comparison), ``business_cases`` and
``registers`` (resources, the joint team, contributions)."""

from accord.plans.services.business_cases import (
    business_case_create,
    business_case_delete,
    business_case_update,
)
from accord.plans.services.guide import empty_sections, plan_apply_template
from accord.plans.services.registers import (
    contribution_add,
    contribution_update,
    resource_create,
    resource_update,
    team_member_add,
    team_member_update,
)
from accord.plans.services.versions import (
    MAX_RETURN_REASON,
    MAX_SECTION_LENGTH,
    frozen_sources,
    jrmp_approve,
    jrmp_recheck_approval,
    plan_compare,
    plan_return,
    plan_section_save,
    plan_submit,
    plan_versions,
    plan_working_version,
    rmp_approve,
)

__all__ = [
    "MAX_RETURN_REASON",
    "MAX_SECTION_LENGTH",
    "business_case_create",
    "business_case_delete",
    "business_case_update",
    "contribution_add",
    "contribution_update",
    "empty_sections",
    "frozen_sources",
    "jrmp_approve",
    "jrmp_recheck_approval",
    "plan_apply_template",
    "plan_compare",
    "plan_return",
    "plan_section_save",
    "plan_submit",
    "plan_versions",
    "plan_working_version",
    "resource_create",
    "resource_update",
    "rmp_approve",
    "team_member_add",
    "team_member_update",
]
