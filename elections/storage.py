"""Where the app keeps the files it writes (issue 13, item 4): ballot print runs, complaint evidence, uploaded
residents spreadsheets between preview and confirmation. All of them are private: served only by
permission-checked views, never by the web server.

They go through Django's STORAGES, alias "private" (config/settings.py):

- by default the local disk under PRIVATE_MEDIA_ROOT (MEDIA_ROOT/private/): one server, or several sharing
  that directory;
- with FILE_STORAGE=s3, an S3-compatible bucket (django-storages), so that any app server and any worker, on
  any machine, reads what another wrote.

A background job still writes its file on the local disk first, under PRIVATE_MEDIA_ROOT (elections.jobs.
partial_file: whole or not at all); `keep` then moves it into the storage (nothing to do when the storage is
that very directory).
"""
import os
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_MEDIA_ROOT, read when used (tests move it), with no public URL."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")


def private_storage():
    return storages["private"]


def is_local(storage=None):
    """Whether the private storage is the local directory PRIVATE_MEDIA_ROOT itself."""
    storage = storage or private_storage()
    return (isinstance(storage, FileSystemStorage)
            and Path(storage.location).resolve() == Path(settings.PRIVATE_MEDIA_ROOT).resolve())


class _LocalFile(File):
    """A finished local file: FileSystemStorage moves it rather than copy it."""

    def temporary_file_path(self):
        return self.file.name


def keep(name, local_path):
    """Put a finished file written at `local_path` (PRIVATE_MEDIA_ROOT / name) into the private storage under
    `name`, replacing what was there (a print run rendered again)."""
    storage = private_storage()
    if is_local(storage):
        return name
    storage.delete(name)
    with open(local_path, "rb") as handle:
        saved = storage.save(name, _LocalFile(handle, name=name))
    Path(local_path).unlink(missing_ok=True)
    return saved
