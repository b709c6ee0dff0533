from django.urls import path

from .views import publication, registration, residents

app_name = "voters"
urlpatterns = [
    # Residents and groups belong to the community (identified by its division code), not to one election.
    path("c/<str:code>/residents/", residents.resident_list, name="residents"),
    path("c/<str:code>/residents/add/", residents.resident_add, name="resident_add"),
    path("c/<str:code>/residents/<int:pk>/", residents.resident_detail, name="resident_detail"),
    path("c/<str:code>/residents/<int:pk>/edit/", residents.resident_edit, name="resident_edit"),
    path("c/<str:code>/residents/<int:pk>/roles/", residents.resident_roles, name="resident_roles"),
    path("c/<str:code>/residents/import/", residents.import_upload, name="import"),
    path("c/<str:code>/residents/import/confirm/", residents.import_confirm, name="import_confirm"),
    path("c/<str:code>/residents/template.xlsx", residents.import_template, name="import_template"),
    path("c/<str:code>/groups/", residents.group_list, name="groups"),
    path("c/<str:code>/groups/add/", residents.group_add, name="group_add"),
    path("c/<str:code>/groups/accept-warnings/", residents.group_warnings_accept_view, name="group_warnings_accept"),
    path("c/<str:code>/groups/<int:pk>/", residents.group_detail, name="group_detail"),
    path("c/<str:code>/groups/<int:pk>/edit/", residents.group_edit, name="group_edit"),
    # Registration of voters for one election.
    path("e/<int:pk>/registrations/", registration.registration_review, name="registrations"),
    path("e/<int:pk>/registrations/build/", registration.registrations_build_view, name="registrations_build"),
    path("e/<int:pk>/registrations/bulk/", registration.registrations_bulk, name="registrations_bulk"),
    path("e/<int:pk>/registrations/<int:reg_pk>/", registration.registration_detail, name="registration_detail"),
    path("e/<int:pk>/registrations/<int:reg_pk>/confirm/", registration.registration_confirm_view,
         name="registration_confirm"),
    path("e/<int:pk>/registrations/<int:reg_pk>/refuse/", registration.registration_refuse_view,
         name="registration_refuse"),
    path("e/<int:pk>/registrations/<int:reg_pk>/absence/", registration.absence_declare_view,
         name="absence_declare"),
    path("e/<int:pk>/absences/", registration.absences, name="absences"),
    path("e/<int:pk>/absences/<int:absence_pk>/withdraw/", registration.absence_withdraw_view,
         name="absence_withdraw"),
    path("e/<int:pk>/conflicts/", registration.conflict_list, name="conflicts"),
    path("e/<int:pk>/conflicts/<int:conflict_pk>/resolve/", registration.conflict_resolve_view,
         name="conflict_resolve"),
    # --- publication (voters-B) ---
    path("elections/<int:pk>/lists/", publication.voter_lists, name="lists"),
    path("elections/<int:pk>/lists/publish/", publication.list_publish, name="list_publish"),
    path("elections/<int:pk>/lists/add/", publication.list_add, name="list_add"),
    path("elections/<int:pk>/lists/remove/", publication.list_remove, name="list_remove"),
    path("elections/<int:pk>/lists/supplementary/", publication.list_supplementary,
         name="list_supplementary"),
    path("elections/<int:pk>/lists/<int:number>/<str:paper>.pdf", publication.list_pdf, name="list_pdf"),
    path("elections/<int:pk>/lists/export/<slug:kind>.xlsx", publication.list_export, name="list_export"),
    path("elections/<int:pk>/objections/", publication.objections, name="objections"),
    path("elections/<int:pk>/objections/<int:objection_pk>/decide/", publication.objection_decide,
         name="objection_decide"),
    path("elections/<int:pk>/objections/close/", publication.objections_close, name="objections_close"),
    # --- end publication (voters-B) ---
]
