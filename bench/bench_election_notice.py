"""election_notice_pdf_s: median time to render the election announcement (选举公告) PDF; target < 1.5 s.

Also reports its page count (the notice must fit one A4 page) and the first, cold render (fonts, stylesheets
and WeasyPrint's own start-up), which the median leaves out.
"""
import datetime
import time

from django.db import transaction

from bench import median_time, report

TARGET_S = 1.5


def _election():
    """A community with an election ready for its announcement, like the seed's 怡丽北园社区."""
    from elections.models import Community, District, RuleProfile, Street
    from elections.services.elections import election_create
    from elections.services.meetings import meeting_record

    district = District.objects.create(code="990108000000", name="基准区")
    street = Street.objects.create(district=district, code="990108015000", name="基准街道")
    community = Community.objects.create(street=street, code="990108015001", name="怡丽北园社区",
                                         households=410, population=1200)
    profile = RuleProfile.objects.get(key="seed-district-plan")
    election = election_create(community=community, term=12, profile=profile, actor=None,
                               election_date=datetime.date(2026, 12, 20), start_time=datetime.time(8),
                               place="怡丽北园社区居委会二楼会议室", member_seats=5)
    meeting_record(election=election, actor=None, kind="method", held_on=datetime.date(2026, 10, 12),
                   representatives_total=51, present=45, votes_for=40, method="direct")
    election.refresh_from_db()
    return election


def run(quick):
    from elections.documents import render_document
    from elections.printing import page_count

    with transaction.atomic():
        election = _election()
        start = time.perf_counter()
        pdf = render_document(election, "election-notice")
        report("election_notice_first_pdf_s", time.perf_counter() - start, "s")
        median = median_time(lambda: render_document(election, "election-notice"), 3 if quick else 10)
        transaction.set_rollback(True)  # leave no bench data behind when DATABASE_URL names a real database
    report("election_notice_pdf_s", median, "s", target=f"<{TARGET_S}")
    report("election_notice_pages", page_count(pdf), "pages", target="1")
