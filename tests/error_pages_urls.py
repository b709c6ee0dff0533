"""The site's URLs plus views that fail, for the error-page tests (tests/test_errors.py)."""
from django.db import OperationalError
from django.urls import path

from config.urls import urlpatterns as site


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("tests/database-gone/", database_gone), *site]
