"""URLs of the after-the-vote pages (AFT-2…AFT-7). The handover record's PDF (kind `handover`) is served by the
elections app's election_document URL."""
from django.urls import path

from .views import committee, complaints, handover, wrapup

app_name = "aftermath"

E = "elections/<int:pk>/"
C = E + "complaints/<int:number>/"

urlpatterns = [
    path(E + "handover/", handover.handover_page, name="handover"),
    path(E + "handover/start/", handover.handover_start, name="handover_start"),
    path(E + "handover/items/", handover.handover_items, name="handover_items"),
    path(E + "handover/sign/<slug:party>/", handover.handover_sign, name="handover_sign"),
    path(E + "close/", handover.election_close, name="election_close"),
    path(E + "wrap-up/", wrapup.wrap_up, name="wrap_up"),
    path(E + "wrap-up/committees/", wrapup.committee_add, name="committee_add"),
    path(E + "wrap-up/committees/<int:committee_pk>/members/", wrapup.member_add, name="member_add"),
    path(E + "wrap-up/members/<int:member_pk>/remove/", wrapup.member_remove, name="member_remove"),
    path(E + "wrap-up/bodies/", wrapup.body_record, name="body_record"),
    path(E + "complaints/", complaints.complaint_list, name="complaints"),
    path(C, complaints.complaint_detail, name="complaint"),
    path(C + "route/", complaints.complaint_route, name="complaint_route"),
    path(C + "evidence/", complaints.evidence_add, name="evidence_add"),
    path(C + "evidence/<int:evidence_pk>/", complaints.evidence_download, name="evidence"),
    path(C + "decide/", complaints.complaint_decide, name="complaint_decide"),
    path(E + "committee/", committee.committee_page, name="committee"),
    path(E + "committee/recalls/", committee.recall_petition, name="recall_petition"),
    path(E + "committee/recalls/<int:recall_pk>/vote/", committee.recall_vote, name="recall_vote"),
    path(E + "committee/seats/<int:seat_pk>/leave/", committee.seat_leave, name="seat_leave"),
    path(E + "committee/by-election/", committee.by_election_call, name="by_election_call"),
]
