import pytest
from django.core.files.storage import default_storage, storages

from accord.collaborations.models import Party


@pytest.fixture(autouse=True)
def file_storage(settings, tmp_path):
    """Files go to a temporary folder (never var/): a real file system, so downloads are
    real file responses."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    storages._storages.pop("default", None)
    default_storage._wrapped = None  # re-read the setting
    from django.utils.functional import empty

    default_storage._wrapped = empty
    yield tmp_path / "media"
    storages._storages.pop("default", None)
    default_storage._wrapped = empty


@pytest.fixture
def bw_party(world):
    return Party.objects.in_scope(world.collaboration).get(organization=world.brightwave)


@pytest.fixture
def lumen_party(world):
    return Party.objects.in_scope(world.collaboration).get(organization=world.lumen)
