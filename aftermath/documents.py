"""The handover record (交接清单, AFT-2) as a print document, registered as `handover` (print_document and the
election_document download): the items with their quantities and notes, and the three signature lines — the
outgoing committee's chair, the incoming chair and the presiding street official — filled with the names and
days once signed. It exists from the start of the handover (a draft until the third signature)."""
from django.utils.translation import gettext as _

from elections import documents

from .models import Handover, HandoverItem

PARTY_CN = {"outgoing": "移交人（上届居委会主任）", "incoming": "接收人（新一届居委会主任）",
            "street": "监交人（街道办事处）"}


def _handover(election):
    return (Handover.objects.filter(election=election).prefetch_related("items", "signatures__recorded_by")
            .first())


def _street_office(name):
    return name if name.endswith("办事处") else f"{name}办事处"


def handover_missing(election):
    if election.is_by_election:
        return _("A by-election's elected take their seats on the committee it completes: the handover is that "
                 "election's.")
    if _handover(election) is None:
        return _("The handover has not begun: it opens on the handover page once the result is certified "
                 "(AFT-2).")
    return None


def handover_context(election):
    handover = _handover(election)
    residents_committee, _committee = documents.community_names(election.community)
    signatures = {s.party: s for s in handover.signatures.all()}
    items = list(handover.items.all())
    order = {value: i for i, value in enumerate(HandoverItem.Category.values)}
    items.sort(key=lambda item: (order[item.category], item.pk))  # the rule's order, then as entered
    return {
        "document_title": f"{residents_committee}换届工作交接清单" + ("（演练）" if election.is_rehearsal else ""),
        "handover": handover,
        "items": [{"n": i, "category_cn": CATEGORY_CN.get(item.category, item.category), "item": item}
                  for i, item in enumerate(items, start=1)],
        "lines": [{"label": PARTY_CN[party], "signature": signatures.get(party)}
                  for party in ("outgoing", "incoming", "street")],
        "street_office": _street_office(election.community.street.name),
        "draft": not handover.is_complete,
        "print_date": handover.completed_on or handover.started_on,
    }


CATEGORY_CN = {"seal": "公章", "premises": "办公用房", "equipment": "办公设备", "property": "集体财物及账目",
               "fixed_assets": "固定资产", "archives": "工作档案", "claims_debts": "债权债务", "other": "其他事项"}

documents.register(
    "handover",
    title="交接清单",
    template="print/handover.html",
    context_builder=handover_context,
    availability_check=handover_missing,
)
