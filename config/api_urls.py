"""The API's URLs, imported by config/urls.py when the API is first used."""

from config.api import api

urlpatterns, _app_name, _namespace = api.urls
