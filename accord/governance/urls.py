from django.urls import path

from accord.governance import views
from accord.governance.registers import REGISTERS

app_name = "governance"
issue = "c/<id:collaboration>/issues/<id:pk>/"
change = "c/<id:collaboration>/changes/<id:pk>/"
urlpatterns = [
    path("c/<id:collaboration>/governance/", views.overview, name="overview"),
    path("c/<id:collaboration>/governance/ladder/standard/", views.ladder_standard, name="ladder_standard"),
    path("c/<id:collaboration>/governance/roles/", views.roles, name="roles"),
    path(issue, views.issue, name="issue"),
    path(f"{issue}escalate/", views.issue_escalate, name="issue_escalate"),
    path(f"{issue}resolve/", views.issue_resolve, name="issue_resolve"),
    path(f"{issue}reopen/", views.issue_reopen, name="issue_reopen"),
    path(f"{issue}actions/", views.issue_action, name="issue_action"),
    path(change, views.change, name="change"),
    path(f"{change}submit/", views.change_submit, name="change_submit"),
    path(f"{change}approve/", views.change_approve, name="change_approve"),
    path(f"{change}reject/", views.change_reject, name="change_reject"),
    path(f"{change}withdraw/", views.change_withdraw, name="change_withdraw"),
]
for register in REGISTERS:
    urlpatterns += register.urls()
