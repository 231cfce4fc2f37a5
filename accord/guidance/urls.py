from django.urls import path

from accord.guidance import views

app_name = "guidance"
urlpatterns = [
    path("guidance/", views.guidance_library, name="library"),
    path("guidance/principles/<slug:key>/", views.principle_detail, name="principle"),
    path("guidance/stages/<int:number>/", views.stage_detail, name="stage"),
    path("guidance/worksheets/<slug:key>/", views.worksheet_detail, name="worksheet"),
    path("guidance/glossary/", views.glossary, name="glossary"),
    path("guidance/go/", views.go, name="go"),
]
