"""Ballots (选票): one layout, serial numbers stamped onto copies of it (PRINTING.md).

- ballots_1300_pdf_s: 1,300 numbered ballots (8 candidates, one ballot for all positions) as one PDF; < 20 s.
- ballots_10k_pdf_s: 10,000 ballots (2,000 with --quick, the name kept) written to a file; < 90 s, with the
  process's peak memory (ballots_10k_peak_mib, < 1024).
- ballot_copy_vs_single_ratio: the per-ballot time of the 10k run ÷ one ballot's layout time; ≤ 0.05 (rendered
  one by one, every ballot would cost the full layout time: a ratio of 1).
"""
import datetime
import resource
import tempfile
import time

from django.db import transaction

from bench import median_time, report

CANDIDATES = {"chair": ["王建国", "刘芳"], "vice_chair": ["李秀英", "赵强"], "member": ["张伟", "陈明", "周敏", "孙丽"]}


def _election():
    """A community like the seed's 怡丽北园社区 with its 8 formal candidates (chair 2, vice-chair 2, members 4)."""
    from elections.models import Community, District, RuleProfile, Street
    from elections.services.elections import election_create
    from polling import testing

    district = District.objects.create(code="990109000000", name="基准区")
    street = Street.objects.create(district=district, code="990109015000", name="基准街道")
    community = Community.objects.create(street=street, code="990109015001", name="怡丽北园社区",
                                         households=410, population=1200)
    profile = RuleProfile.objects.get(key="seed-district-plan")
    election = election_create(community=community, term=12, profile=profile, actor=None,
                               election_date=datetime.date(2026, 12, 20), place="社区居委会二楼会议室")
    testing.make_formal_candidates(election, CANDIDATES)
    return testing.set_state(election, "nomination", method="direct")


def _peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run(quick):
    from elections.printing import page_count
    from polling import ballots

    count_10k = 2000 if quick else 10_000
    with transaction.atomic():
        election = _election()
        sheet = ballots.sheets(election)[0]
        ballots.lay_out(election, sheet)  # the first render loads fonts and stylesheets: not what is measured
        single = median_time(lambda: ballots.lay_out(election, sheet), 3)

        start = time.perf_counter()
        pdf = ballots.ballots_pdf(election, 1, 1300)
        report("ballots_1300_pdf_s", time.perf_counter() - start, "s", target="<20")
        report("ballots_1300_pages", page_count(pdf), "pages", target="1300")
        del pdf

        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            ballots.ballots_pdf(election, 1, count_10k, out=out)
            elapsed = time.perf_counter() - start
            size = out.tell()
        transaction.set_rollback(True)  # leave no bench data behind when DATABASE_URL names a real database
    report("ballots_10k_pdf_s", elapsed, "s", target="<90")
    report("ballots_10k_count", count_10k, "ballots")
    report("ballots_10k_peak_mib", _peak_mib(), "MiB", target="<1024")
    report("ballots_10k_file_mib", size / 2**20, "MiB")
    report("ballot_single_render_s", single, "s")
    report("ballot_copy_vs_single_ratio", (elapsed / count_10k) / single, "ratio", target="<=0.05")
