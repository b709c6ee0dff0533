"""The counting app's part of the election archive (AFT-4, elections/archive.py): each round's count, its boxes,
both entries of each box with every ballot line, the differences, decisions and the certification; a
spreadsheet of the tally data."""
import json

from elections import archive
from elections.spreadsheets import xlsx_table

from .models import BallotLine, Certification, CountRound, Decision, TallyBox, TallyDifference, TallyEntry

archive.register(CountRound, rows=lambda election: CountRound.objects.filter(election=election))
# A box "agreed" names its agreed entry, restored after it: both are set in the second pass.
archive.register(TallyBox, rows=lambda election: TallyBox.objects.filter(count_round__election=election),
                 second_pass=("status",))
archive.register(TallyEntry, rows=lambda election: TallyEntry.objects.filter(box__count_round__election=election))
archive.register(BallotLine, rows=lambda election: BallotLine.objects.filter(
    entry__box__count_round__election=election))
archive.register(TallyDifference, rows=lambda election: TallyDifference.objects.filter(
    box__count_round__election=election))
archive.register(Decision, rows=lambda election: Decision.objects.filter(election=election))
archive.register(Certification, rows=lambda election: Certification.objects.filter(election=election))

HEADERS = ["轮次", "投票站", "票箱状态", "录入", "录入状态", "收回选票", "有效票", "无效票", "空白票", "各候选人得票",
           "逐张录入选票数"]


@archive.register_sheets
def tally_sheet(election):
    entries = (TallyEntry.objects.filter(box__count_round__election=election)
               .select_related("box__count_round__round", "box__station")
               .order_by("box__count_round__round__number", "box__station_id", "id"))

    def rows():
        for e in entries:
            box = e.box
            yield [box.count_round.round.number, box.station.name, str(box.get_status_display()),
                   str(e.get_role_display()), str(e.get_status_display()), e.returned, e.valid, e.invalid,
                   e.blank, json.dumps(e.totals, ensure_ascii=False, sort_keys=True), e.lines.count()]
    return [("tally.xlsx", xlsx_table("计票", HEADERS, rows()))]
