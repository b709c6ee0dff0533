from django.urls import path

from .views import ballots, issuance, overview, plan, proxies

app_name = "polling"
urlpatterns = [
    path("e/<int:pk>/", overview.overview, name="overview"),
    path("e/<int:pk>/quorum/", overview.quorum_page, name="quorum"),
    path("e/<int:pk>/polls/close/", overview.polls_close_view, name="polls_close"),
    path("e/<int:pk>/quorum.json", overview.quorum_json, name="quorum_json"),
    # Proxy voting (PRX-1…PRX-4)
    path("e/<int:pk>/proxies/", proxies.proxy_list, name="proxies"),
    path("e/<int:pk>/proxies/arranged/", proxies.proxies_arranged_view, name="proxies_arranged"),
    path("e/<int:pk>/proxies/<int:proxy_pk>/", proxies.proxy_detail, name="proxy_detail"),
    path("e/<int:pk>/proxies/<int:proxy_pk>/approve/", proxies.proxy_approve_view, name="proxy_approve"),
    path("e/<int:pk>/proxies/<int:proxy_pk>/refuse/", proxies.proxy_refuse_view, name="proxy_refuse"),
    path("e/<int:pk>/proxies/<int:proxy_pk>/revoke/", proxies.proxy_revoke_view, name="proxy_revoke"),
    path("e/<int:pk>/proxies/<int:proxy_pk>/certificate.pdf", proxies.proxy_certificate,
         name="proxy_certificate"),
    path("e/<int:pk>/voters/<int:reg_pk>/proxies/", proxies.holder, name="holder"),
    path("e/<int:pk>/people/principals.json", proxies.people_principals, name="people_principals"),
    path("e/<int:pk>/people/holders.json", proxies.people_holders, name="people_holders"),
    # Polling plan (VOTE-2, VOTE-11)
    path("e/<int:pk>/plan/", plan.plan, name="plan"),
    path("e/<int:pk>/stations/<int:station_pk>/", plan.station, name="station"),
    path("e/<int:pk>/stations/<int:station_pk>/remove/", plan.station_remove_view, name="station_remove"),
    path("e/<int:pk>/staff/<int:staff_pk>/remove/", plan.staff_remove_view, name="staff_remove"),
    path("e/<int:pk>/people/staff.json", plan.people_staff, name="people_staff"),
    # Ballot issuance (VOTE-2, VOTE-12)
    path("e/<int:pk>/stations/<int:station_pk>/issue/", issuance.issue_page, name="issue"),
    # ... and its light path for the page's script (issue 13): search and issue as JSON
    path("e/<int:pk>/stations/<int:station_pk>/issue/search.json", issuance.issue_search_json,
         name="issue_search_json"),
    path("e/<int:pk>/stations/<int:station_pk>/issue/issue.json", issuance.issue_json, name="issue_json"),
    path("e/<int:pk>/issues/<int:issue_pk>/cancel/", issuance.issue_cancel, name="issue_cancel"),
    # The paper issuance register (领票登记册), entered after the network or the server was down (VOTE-2)
    path("e/<int:pk>/register/", issuance.register_entry, name="register_entry"),
    # Ballots (PRT)
    path("e/<int:pk>/ballots/", ballots.ballot_batches, name="ballots"),
    path("e/<int:pk>/ballots/specimen.pdf", ballots.ballot_specimen, name="ballot_specimen"),
    path("e/<int:pk>/ballots/<int:batch_pk>/status.json", ballots.batch_status, name="batch_status"),
    path("e/<int:pk>/ballots/<int:batch_pk>/download.pdf", ballots.batch_download, name="batch_download"),
    path("e/<int:pk>/ballots/<int:batch_pk>/retry/", ballots.batch_retry, name="batch_retry"),
    path("e/<int:pk>/ballots/<int:batch_pk>/cancel/", ballots.batch_cancel, name="batch_cancel"),
]
