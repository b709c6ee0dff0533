"""The polling app's part of the election archive (AFT-4, elections/archive.py): rounds, proxies, polling
stations and their staff, every ballot issued and the print runs; spreadsheets of the proxies and of the
issuance counts."""
from django.db.models import Count, Q

from elections import archive
from elections.spreadsheets import xlsx_table

from .models import BallotBatch, BallotIssue, PollingStation, Proxy, Round, StationStaff

archive.register(Round, rows=lambda election: Round.objects.filter(election=election))
archive.register(Proxy, rows=lambda election: Proxy.objects.filter(election=election))
archive.register(PollingStation, rows=lambda election: PollingStation.objects.filter(election=election))
archive.register(StationStaff, rows=lambda election: StationStaff.objects.filter(station__election=election))
archive.register(BallotIssue, rows=lambda election: BallotIssue.objects.filter(round__election=election))
archive.register(BallotBatch, rows=lambda election: BallotBatch.objects.filter(election=election))

PROXY_HEADERS = ["编号", "委托人", "委托人公民身份号码", "受托人", "受托人公民身份号码", "原因", "状态", "申请日期",
                 "决定日期", "决定理由"]
ISSUE_HEADERS = ["轮次", "投票站", "发出选票", "其中委托投票", "已撤销"]


@archive.register_sheets
def polling_sheets(election):
    proxies = (Proxy.objects.filter(election=election)
               .select_related("principal__resident", "holder__resident").order_by("number", "id"))
    proxy_rows = ([p.number or "", p.principal.resident.name, p.principal.resident.id_number,
                   p.holder.resident.name, p.holder.resident.id_number, str(p.get_reason_display()),
                   str(p.get_status_display()), p.applied_on.isoformat(),
                   p.decided_on.isoformat() if p.decided_on else "", p.decision_note] for p in proxies)
    counts = (BallotIssue.objects.filter(round__election=election)
              .values("round__number", "station__name")
              .annotate(issued=Count("id", filter=Q(cancelled_at__isnull=True)),
                        by_proxy=Count("id", filter=Q(cancelled_at__isnull=True, proxy__isnull=False)),
                        cancelled=Count("id", filter=Q(cancelled_at__isnull=False)))
              .order_by("round__number", "station__name"))
    issue_rows = ([c["round__number"], c["station__name"], c["issued"], c["by_proxy"], c["cancelled"]]
                  for c in counts)
    return [("proxies.xlsx", xlsx_table("委托投票", PROXY_HEADERS, proxy_rows)),
            ("issuance.xlsx", xlsx_table("选票发放", ISSUE_HEADERS, issue_rows))]
