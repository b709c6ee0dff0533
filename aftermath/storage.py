"""Private files (complaint evidence, AFT-5): in the private storage (elections.storage: MEDIA_ROOT/private/ or
an S3 bucket), never served by the web server, only by permission-checked views."""
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible

from elections import storage as shared


@deconstructible
class PrivateStorage(Storage):
    """The evidence field's storage: whatever STORAGES["private"] is when used (so tests and settings may change
    it), under a name the migrations keep."""

    def _target(self):
        return shared.private_storage()

    def _open(self, name, mode="rb"):
        return self._target().open(name, mode)

    def _save(self, name, content):
        return self._target().save(name, content)

    def get_available_name(self, name, max_length=None):
        return self._target().get_available_name(name, max_length=max_length)

    def get_alternative_name(self, file_root, file_ext):
        return self._target().get_alternative_name(file_root, file_ext)

    def get_valid_name(self, name):
        return self._target().get_valid_name(name)

    def delete(self, name):
        return self._target().delete(name)

    def exists(self, name):
        return self._target().exists(name)

    def listdir(self, path):
        return self._target().listdir(path)

    def size(self, name):
        return self._target().size(name)

    def path(self, name):
        return self._target().path(name)

    def url(self, name):
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")

    def get_modified_time(self, name):
        return self._target().get_modified_time(name)


private_storage = PrivateStorage()
