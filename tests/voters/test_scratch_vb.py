import datetime, time
from tests.voters.conftest_publication import *  # noqa
from voters.documents import posting_pdf, voter_list_context
from elections import documents
from django.template.loader import render_to_string

def test_scratch_big(registering, clerk_a):
    from voters.services.publication import voter_list_publish
    add_voters(registering, 5000, groups=12)
    v = voter_list_publish(election=registering, actor=clerk_a, posted_on=datetime.date(2026, 12, 10))
    t = time.time()
    ctx = documents.common_context(registering) | voter_list_context(v)
    html = render_to_string("print/voter_list.html", ctx)
    print("template", time.time() - t)
    open("/tmp/vlt/big.html", "w").write(html)
