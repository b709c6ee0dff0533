"""Private files (complaint evidence, AFT-5): under settings.PRIVATE_MEDIA_ROOT (MEDIA_ROOT/private/), never
served by the web server, only by permission-checked views."""
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_MEDIA_ROOT, read when used (tests move it), with no public URL."""

    def __init__(self):
        super().__init__()

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


private_storage = PrivateStorage()
