from django.urls import path

from . import views

app_name = "ccm_sessions"

M = "meetings/<slug:slug>/"
S = "secretariat/<slug:slug>/sessions/"

urlpatterns = [
    # Public: the programme of work, the agenda, lists of speakers, the room screen.
    path(f"{M}programme/", views.programme, name="programme"),
    path(f"{M}programme.ics", views.programme_ics, name="programme_ics"),
    path(f"{M}programme.pdf", views.programme_pdf, name="programme_pdf"),
    path(f"{M}programme/<int:pk>/", views.session_detail, name="session"),
    path(f"{M}programme/<int:pk>.ics", views.session_ics, name="session_ics"),
    path(f"{M}agenda/", views.agenda, name="agenda"),
    path(f"{M}agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path(f"{M}speakers/<int:pk>/", views.speakers_list, name="speakers_list"),
    path(f"{M}speakers/<int:pk>/live/", views.live, name="live"),
    path(f"{M}speakers/<int:pk>/live/panel/", views.live_panel, name="live_panel"),
    path(f"{M}statements/<int:pk>/", views.statement_download, name="statement"),
    # A delegation's focal point: the floor, statements, side-event requests.
    path(f"{M}floor/", views.floor, name="floor"),
    path(f"{M}floor/<int:pk>/", views.floor_delegation, name="floor_delegation"),
    path(f"{M}floor/<int:pk>/lists/<int:list_pk>/inscribe/", views.inscribe, name="inscribe"),
    path(f"{M}floor/<int:pk>/entries/<int:entry_pk>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{M}floor/<int:pk>/entries/<int:entry_pk>/withdraw/undo/", views.withdraw_undo, name="withdraw_undo"),
    path(f"{M}floor/<int:pk>/entries/<int:entry_pk>/statement/", views.statement_upload, name="statement_upload"),
    path(
        f"{M}floor/<int:pk>/entries/<int:entry_pk>/statement/publish/",
        views.statement_publish,
        name="statement_publish",
    ),
    path(f"{M}floor/<int:pk>/side-events/new/", views.side_event_new, name="side_event_new"),
    # Planning (secretariat and presidency).
    path(S, views.manage, name="manage"),
    path(f"{S}new/", views.session_edit, name="session_new"),
    path(f"{S}<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(f"{S}<int:pk>/delete/", views.session_delete, name="session_delete"),
    path(f"{S}rooms/", views.rooms, name="rooms"),
    path(f"{S}rooms/<int:pk>/", views.rooms, name="room_edit"),
    path(f"{S}rooms/<int:pk>/delete/", views.room_delete, name="room_delete"),
    path(f"{S}agenda/", views.agenda_manage, name="agenda_manage"),
    path(f"{S}agenda/items/<int:pk>/", views.agenda_item_edit, name="agenda_item_edit"),
    path(f"{S}agenda/items/<int:pk>/move/", views.agenda_item_move, name="agenda_item_move"),
    path(f"{S}agenda/items/<int:pk>/delete/", views.agenda_item_delete, name="agenda_item_delete"),
    path(f"{S}agenda/adopt/", views.agenda_adopt, name="agenda_adopt"),
    # Side events and lists of speakers (secretariat).
    path(f"{S}side-events/", views.side_events, name="side_events"),
    path(f"{S}side-events/<int:pk>/", views.side_event_decide, name="side_event_decide"),
    path(f"{S}speakers/", views.speakers_index, name="speakers_index"),
    path(f"{S}speakers/open/", views.speakers_open, name="speakers_open"),
    path(f"{S}speakers/<int:pk>/", views.speakers_manage, name="speakers_manage"),
    path(f"{S}speakers/<int:pk>/settings/", views.speakers_settings, name="speakers_settings"),
    path(f"{S}speakers/<int:pk>/insert/", views.speakers_insert, name="speakers_insert"),
    path(f"{S}speakers/<int:pk>/reply/", views.speakers_reply, name="speakers_reply"),
    path(f"{S}speakers/<int:pk>/entries/<int:entry_pk>/", views.speaker_action, name="speaker_action"),
    path(f"{S}speakers/<int:pk>/entries/<int:entry_pk>/withdraw/", views.speaker_withdraw, name="speaker_withdraw"),
]
