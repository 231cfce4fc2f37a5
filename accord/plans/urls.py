from django.urls import path

from accord.plans.registers import contributions, resources, team
from accord.plans.views import business_cases, plans

app_name = "plans"
urlpatterns = [
    # The organization's relationship management plan (private).
    path("o/<slug:org>/plan/", plans.rmp_plan, name="rmp_plan"),
    path("o/<slug:org>/plan/v/<int:number>/", plans.rmp_version, name="rmp_version"),
    path("o/<slug:org>/plan/sections/<slug:key>/", plans.rmp_section, name="rmp_section"),
    path("o/<slug:org>/plan/submit/", plans.rmp_submit, name="rmp_submit"),
    path("o/<slug:org>/plan/start/", plans.rmp_start, name="rmp_start"),
    path("o/<slug:org>/plan/approve/", plans.rmp_approve, name="rmp_approve"),
    path("o/<slug:org>/plan/return/", plans.rmp_return, name="rmp_return"),
    path("o/<slug:org>/plan/compare/", plans.rmp_compare, name="rmp_compare"),
    path("o/<slug:org>/plan/print/", plans.rmp_export, {"fmt": "print"}, name="rmp_print"),
    path("o/<slug:org>/plan/plan.pdf", plans.rmp_export, {"fmt": "pdf"}, name="rmp_pdf"),
    path("o/<slug:org>/plan/plan.docx", plans.rmp_export, {"fmt": "docx"}, name="rmp_docx"),
    path("o/<slug:org>/plan/document/", plans.rmp_prepare, name="rmp_prepare"),
    path("o/<slug:org>/plan/document/<uuid:build>/", plans.rmp_build, name="rmp_build"),
    path("o/<slug:org>/business-cases/", business_cases.business_case_list, name="business_cases"),
    path(
        "o/<slug:org>/business-cases/new/", business_cases.business_case_create, name="business_case_create"
    ),
    path("o/<slug:org>/business-cases/<id:pk>/", business_cases.business_case_detail, name="business_case"),
    path(
        "o/<slug:org>/business-cases/<id:pk>/edit/",
        business_cases.business_case_edit,
        name="business_case_edit",
    ),
    path(
        "o/<slug:org>/business-cases/<id:pk>/delete/",
        business_cases.business_case_delete,
        name="business_case_delete",
    ),
    path(
        "o/<slug:org>/business-cases/<id:pk>/print/",
        business_cases.business_case_export,
        {"fmt": "print"},
        name="business_case_print",
    ),
    path(
        "o/<slug:org>/business-cases/<id:pk>/case.pdf",
        business_cases.business_case_export,
        {"fmt": "pdf"},
        name="business_case_pdf",
    ),
    path(
        "o/<slug:org>/business-cases/<id:pk>/case.docx",
        business_cases.business_case_export,
        {"fmt": "docx"},
        name="business_case_docx",
    ),
    *resources.urls(),
    # The collaboration's joint plan, joint management team and contributions (joint).
    path("c/<id:collaboration>/plan/", plans.jrmp_plan, name="jrmp_plan"),
    path("c/<id:collaboration>/plan/v/<int:number>/", plans.jrmp_version, name="jrmp_version"),
    path("c/<id:collaboration>/plan/sections/<slug:key>/", plans.jrmp_section, name="jrmp_section"),
    path("c/<id:collaboration>/plan/submit/", plans.jrmp_submit, name="jrmp_submit"),
    path("c/<id:collaboration>/plan/start/", plans.jrmp_start, name="jrmp_start"),
    path("c/<id:collaboration>/plan/approve/", plans.jrmp_approve, name="jrmp_approve"),
    path("c/<id:collaboration>/plan/return/", plans.jrmp_return, name="jrmp_return"),
    path("c/<id:collaboration>/plan/compare/", plans.jrmp_compare, name="jrmp_compare"),
    path("c/<id:collaboration>/plan/print/", plans.jrmp_export, {"fmt": "print"}, name="jrmp_print"),
    path("c/<id:collaboration>/plan/plan.pdf", plans.jrmp_export, {"fmt": "pdf"}, name="jrmp_pdf"),
    path("c/<id:collaboration>/plan/plan.docx", plans.jrmp_export, {"fmt": "docx"}, name="jrmp_docx"),
    path("c/<id:collaboration>/plan/document/", plans.jrmp_prepare, name="jrmp_prepare"),
    path("c/<id:collaboration>/plan/document/<uuid:build>/", plans.jrmp_build, name="jrmp_build"),
    *team.urls(),
    *contributions.urls(),
]
