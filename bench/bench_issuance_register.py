"""issuance_register_pdf_3k_s: time to render the issuance register (领票登记册, issue 13 item 5: the paper
fallback of election day) of an election of 3,000 voters with one polling station; target < 10 s.

Also prints its pages, seconds per page and the render's CPU time (the figure to compare when other jobs
share the machine). --quick uses 600 voters.
"""
import time

from django.db import transaction

from bench import report
from bench.bench_voter_list_pdf import _election

TARGET_S = 10


def run(quick):
    from elections.documents import render_document
    from elections.models import Election
    from elections.printing import page_count
    from polling import testing

    voters = 600 if quick else 3000
    with transaction.atomic():
        election = _election(voters)
        Election.objects.filter(pk=election.pk).update(method="direct")
        election.refresh_from_db()
        testing.staffed_station(election)
        render_document(election, "issuance-register")  # warm-up: fonts, stylesheets, WeasyPrint's start-up
        start, cpu = time.perf_counter(), time.process_time()
        pdf = render_document(election, "issuance-register")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        transaction.set_rollback(True)  # leave no bench data behind when DATABASE_URL names a real database
    pages = page_count(pdf)
    report("issuance_register_pdf_3k_s", seconds, "s", target=f"<{TARGET_S}")
    report("issuance_register_pdf_3k_pages", pages, "pages")
    report("issuance_register_pdf_s_per_page", seconds / pages, "s")
    report("issuance_register_pdf_3k_cpu_s", cpu, "s")
