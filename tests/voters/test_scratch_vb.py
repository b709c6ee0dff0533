import datetime
from tests.voters.conftest_publication import *  # noqa
from tests.voters.conftest_publication import add_residents, add_voters
from voters.documents import posting_pdf
from voters.models import Registration
from voters.services.publication import *

def test_scratch(registering, clerk_a):
    res = add_voters(registering, 600, groups=3)
    v = voter_list_publish(election=registering, actor=clerk_a, posted_on=datetime.date(2026,12,10))
    for paper in ("A4", "A3"):
        open(f"/tmp/vlt/n600_{paper}.pdf", "wb").write(posting_pdf(v, paper))
    newcomer = add_residents(registering.community, 3)
    for n in newcomer:
        voter_add_after_posting(election=registering, resident=n, reason_kind="moved_in", reason="12月12日迁入5号楼2单元301室，持居住证明", actor=clerk_a, on=datetime.date(2026,12,12))
    voter_remove_after_posting(registration=Registration.objects.get(resident=res[0]), reason_kind="died", reason="12月11日病故", actor=clerk_a, on=datetime.date(2026,12,12))
    s = supplementary_list_publish(election=registering, actor=clerk_a, posted_on=datetime.date(2026,12,13))
    for paper in ("A4", "A3"):
        open(f"/tmp/vlt/sup_{paper}.pdf", "wb").write(posting_pdf(s, paper))
