"""`manage.py db_worker` with every stamped ballot slowed down, so that a test can kill it part-way through a
print run (tests/polling/test_batch_jobs.py). Run as a script with the test database in DATABASE_URL."""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from polling import stamping  # noqa: E402

stamping.PROGRESS_EVERY = 5
_add = stamping._Stamper.add


def slow_add(self, *args, **kwargs):
    time.sleep(0.02)
    return _add(self, *args, **kwargs)


stamping._Stamper.add = slow_add
call_command("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", *sys.argv[1:])
