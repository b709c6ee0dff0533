"""Background jobs of election day (django-tasks; the worker is `python manage.py db_worker`)."""
from django_tasks import task

from .services.batches import ballot_batch_render


@task()
def print_ballot_batch(batch_id):
    """Render a ballot print run (thousands of pages) outside the request; progress is on the batch row."""
    ballot_batch_render(batch_id)
