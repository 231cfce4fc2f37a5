"""API for plans: the RMP and the JRMP (sections, review, approval, versions), business
cases, resources, the joint management team and contributions. One router; each module adds
its operations to it when imported."""

from accord.plans.api import business_cases, plans  # noqa: F401 (they register operations)
from accord.plans.api.router import router
from accord.plans.registers import contributions, resources, team

for register in (resources, team, contributions):
    register.api(router)

__all__ = ["router"]
