from django.urls import path

from chidao.meetings import views, views_invitations, views_schedule

urlpatterns = [
    path("", views.meeting_index, name="meetings"),
    path("committee/<int:committee_id>/", views.committee_meetings, name="committee-meetings"),
    path("committee/<int:committee_id>/new/", views.meeting_create, name="meeting-create"),
    path(
        "committee/<int:committee_id>/explanations/",
        views.proposed_explanations,
        name="proposed-explanations",
    ),
    path(
        "committee/<int:committee_id>/schedule/",
        views_schedule.schedule_save,
        name="meeting-schedule-save",
    ),
    path(
        "committee/<int:committee_id>/schedule/plan/",
        views_schedule.schedule_plan,
        name="meeting-schedule-plan",
    ),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/guests/", views_schedule.guest_add, name="meeting-guest-add"),
    path("guests/<int:pk>/remove/", views_schedule.guest_remove, name="meeting-guest-remove"),
    path("agenda-files/<int:pk>/", views_schedule.agenda_file, name="meeting-agenda-file"),
    path("<int:pk>/send/", views.meeting_send, name="meeting-send"),
    path("<int:pk>/agenda/", views.meeting_agenda, name="meeting-agenda"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("<int:pk>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("<int:pk>/conclusions/", views.meeting_conclusions, name="meeting-conclusions"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("<int:pk>/invitation.docx", views.invitation_document, name="meeting-invitation-docx"),
    path("<int:pk>/conclusions.docx", views.conclusions_document, name="meeting-conclusions-docx"),
    path("files/<int:pk>/", views.minutes_file, name="meeting-file"),
    path("invitations/", views_invitations.my_invitations, name="meeting-invitations-mine"),
    path(
        "invitations/<int:pk>/answer/",
        views_invitations.invitation_answer,
        name="meeting-invitation-answer",
    ),
    path("calendar/new/", views_invitations.calendar_create, name="meeting-calendar-create"),
    path("calendar/revoke/", views_invitations.calendar_revoke, name="meeting-calendar-revoke"),
    path("calendar/<str:token>.ics", views_invitations.calendar_feed, name="meeting-calendar-feed"),
]
