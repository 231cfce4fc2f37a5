from django.urls import path

from accord.assessments import views
from accord.assessments.registers import joint_campaigns, own_campaigns

app_name = "assessments"

_PATHS = {
    "campaign": "",
    "respondents": "respondents/",
    "status": "status/",
    "answer": "answer/",
    "results": "results/",
    "results_pdf": "results.pdf",
    "result_action": "actions/",
}

urlpatterns = [
    path("o/<slug:org>/assessments/templates/", views.templates, name="templates"),
    *own_campaigns.urls(),
    *joint_campaigns.urls(),
]
for _prefix, _base in (
    ("own", "o/<slug:org>/assessments/<id:pk>/"),
    ("joint", "c/<id:collaboration>/assessments/<id:pk>/"),
):
    for _name, _tail in _PATHS.items():
        urlpatterns.append(path(_base + _tail, views.VIEWS[(_prefix, _name)], name=f"{_prefix}_{_name}"))
