from django.urls import path

from accord.risks import views
from accord.risks.registers import joint_risks, own_risks

app_name = "risks"


def _pages(prefix: str, name: str, module_views: dict) -> list:
    return [
        # Before the registers' own routes, so "heat-map" is never read as a record id.
        path(f"{prefix}risks/heat-map/", module_views["heat_map"], name=f"{name}_heat_map"),
        path(f"{prefix}risks/scale/", module_views["scale"], name=f"{name}_scale"),
        path(f"{prefix}risks/<id:pk>/", module_views["detail"], name=name),
        path(f"{prefix}risks/<id:pk>/mitigation/", module_views["mitigation"], name=f"{name}_mitigation"),
        path(
            f"{prefix}risks/<id:pk>/mitigation/delete/",
            module_views["mitigation_delete"],
            name=f"{name}_mitigation_delete",
        ),
        path(f"{prefix}risks/<id:pk>/action/", module_views["action"], name=f"{name}_action"),
    ]


urlpatterns = [
    *_pages(
        "c/<id:collaboration>/",
        "joint_risk",
        {
            "heat_map": views.joint_risk_heat_map,
            "scale": views.joint_risk_scale,
            "detail": views.joint_risk,
            "mitigation": views.joint_risk_mitigation,
            "mitigation_delete": views.joint_risk_mitigation_delete,
            "action": views.joint_risk_action,
        },
    ),
    *joint_risks.urls(),
    *_pages(
        "o/<slug:org>/",
        "own_risk",
        {
            "heat_map": views.own_risk_heat_map,
            "scale": views.own_risk_scale,
            "detail": views.own_risk,
            "mitigation": views.own_risk_mitigation,
            "mitigation_delete": views.own_risk_mitigation_delete,
            "action": views.own_risk_action,
        },
    ),
    *own_risks.urls(),
]
