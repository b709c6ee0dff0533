"""db_worker: django-tasks-db's background worker, with the job leases of elections/jobs.py.

It replaces the library's command of the same name (elections comes before django_tasks_db in INSTALLED_APPS),
adding what a worker must do so that no job stays stuck when a worker dies: when it starts, it marks failed the
jobs a dead worker left running and removes their partial files; while it runs, a heartbeat thread records that
it is alive (WorkerHeartbeat) and keeps looking for stale jobs.
"""
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from ... import jobs


class Command(DatabaseWorkerCommand):
    help = ("Run the background worker. At start it marks failed the jobs a dead worker left running and "
            "removes their partial files; while it runs it records a heartbeat.")

    def handle(self, *args, **options):
        jobs.set_worker_id(options["worker_id"])
        stale = jobs.jobs_reap_stale()
        swept = jobs.sweep_partial_files()
        if stale or swept:
            self.stderr.write(f"{len(stale)} stale job(s) marked failed; {swept} partial file(s) removed.")
        beat = jobs.WorkerBeat(options["worker_id"])
        beat.start()
        try:
            super().handle(*args, **options)
        finally:
            beat.stop()
