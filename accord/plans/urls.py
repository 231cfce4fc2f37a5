from django.urls import path

from accord.plans import views

app_name = "plans"
urlpatterns = [
    # The organization's relationship management plan (private).
    path("o/<slug:org>/plan/", views.rmp_plan, name="rmp_plan"),
    path("o/<slug:org>/plan/v/<int:number>/", views.rmp_version, name="rmp_version"),
    path("o/<slug:org>/plan/sections/<slug:key>/", views.rmp_section, name="rmp_section"),
    path("o/<slug:org>/plan/submit/", views.rmp_submit, name="rmp_submit"),
    path("o/<slug:org>/plan/approve/", views.rmp_approve, name="rmp_approve"),
    path("o/<slug:org>/plan/return/", views.rmp_return, name="rmp_return"),
    path("o/<slug:org>/plan/compare/", views.rmp_compare, name="rmp_compare"),
    path("o/<slug:org>/plan/print/", views.rmp_export, {"fmt": "print"}, name="rmp_print"),
    path("o/<slug:org>/plan/plan.pdf", views.rmp_export, {"fmt": "pdf"}, name="rmp_pdf"),
    path("o/<slug:org>/plan/plan.docx", views.rmp_export, {"fmt": "docx"}, name="rmp_docx"),
    path("o/<slug:org>/business-cases/", views.business_case_list, name="business_cases"),
    path("o/<slug:org>/business-cases/new/", views.business_case_create, name="business_case_create"),
    path("o/<slug:org>/business-cases/<id:pk>/", views.business_case_detail, name="business_case"),
    path("o/<slug:org>/business-cases/<id:pk>/edit/", views.business_case_edit, name="business_case_edit"),
    path(
        "o/<slug:org>/business-cases/<id:pk>/delete/", views.business_case_delete, name="business_case_delete"
    ),
    path(
        "o/<slug:org>/business-cases/<id:pk>/print/",
        views.business_case_export,
        {"fmt": "print"},
        name="business_case_print",
    ),
    path(
        "o/<slug:org>/business-cases/<id:pk>/case.pdf",
        views.business_case_export,
        {"fmt": "pdf"},
        name="business_case_pdf",
    ),
    path(
        "o/<slug:org>/business-cases/<id:pk>/case.docx",
        views.business_case_export,
        {"fmt": "docx"},
        name="business_case_docx",
    ),
    path("o/<slug:org>/resources/", views.resources, name="resources"),
    path("o/<slug:org>/resources/add/", views.resource_add, name="resource_add"),
    path("o/<slug:org>/resources/<id:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("o/<slug:org>/resources/<id:pk>/delete/", views.resource_delete, name="resource_delete"),
    # The collaboration's joint plan, joint management team and contributions (joint).
    path("c/<id:collaboration>/plan/", views.jrmp_plan, name="jrmp_plan"),
    path("c/<id:collaboration>/plan/v/<int:number>/", views.jrmp_version, name="jrmp_version"),
    path("c/<id:collaboration>/plan/sections/<slug:key>/", views.jrmp_section, name="jrmp_section"),
    path("c/<id:collaboration>/plan/submit/", views.jrmp_submit, name="jrmp_submit"),
    path("c/<id:collaboration>/plan/approve/", views.jrmp_approve, name="jrmp_approve"),
    path("c/<id:collaboration>/plan/return/", views.jrmp_return, name="jrmp_return"),
    path("c/<id:collaboration>/plan/compare/", views.jrmp_compare, name="jrmp_compare"),
    path("c/<id:collaboration>/plan/print/", views.jrmp_export, {"fmt": "print"}, name="jrmp_print"),
    path("c/<id:collaboration>/plan/plan.pdf", views.jrmp_export, {"fmt": "pdf"}, name="jrmp_pdf"),
    path("c/<id:collaboration>/plan/plan.docx", views.jrmp_export, {"fmt": "docx"}, name="jrmp_docx"),
    path("c/<id:collaboration>/team/", views.team, name="jrmp_team"),
    path("c/<id:collaboration>/team/add/", views.team_add, name="jrmp_team_add"),
    path("c/<id:collaboration>/team/<id:pk>/edit/", views.team_edit, name="jrmp_team_edit"),
    path("c/<id:collaboration>/team/<id:pk>/remove/", views.team_remove, name="jrmp_team_remove"),
    path("c/<id:collaboration>/contributions/", views.contributions, name="jrmp_contributions"),
    path("c/<id:collaboration>/contributions/add/", views.contribution_add, name="jrmp_contribution_add"),
    path(
        "c/<id:collaboration>/contributions/<id:pk>/edit/",
        views.contribution_edit,
        name="jrmp_contribution_edit",
    ),
    path(
        "c/<id:collaboration>/contributions/<id:pk>/delete/",
        views.contribution_delete,
        name="jrmp_contribution_delete",
    ),
]
