from django.core.management import call_command
from django.test import override_settings


def test_production_static_files_collect_and_resolve(client, db, tmp_path):
    """collectstatic finds Accord's CSS and the manifest storage can render every asset link."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path, DEBUG=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        assert (tmp_path / "accord" / "accord.css").exists()
        assert (tmp_path / "vendor" / "pico" / "pico.min.css").exists()
        response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/vendor/pico/pico.min." in body and "/static/accord/accord." in body
