from django.contrib.auth import views as auth_views
from django.urls import path

from .views import (
    account_data,
    accounts,
    api,
    assessments,
    calendar,
    checkins,
    dashboard,
    history,
    massages,
    public,
    reminders,
    reports,
    shortcuts,
)

urlpatterns = [
    path("", public.landing, name="landing"),
    # Accounts: Django's own views at Django's usual addresses, plus sign-up.
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/done/", accounts.signup_done, name="signup_done"),
    path("accounts/signup/<str:token>/", accounts.signup_password, name="signup_password"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password_reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/", account_data.account, name="account"),
    path("accounts/country/", accounts.account_country, name="account_country"),
    path("accounts/reminders/", accounts.account_reminders, name="account_reminders"),
    path("accounts/export.json", account_data.export_json, name="export_json"),
    path("accounts/export.csv", account_data.export_csv, name="export_csv"),
    path("accounts/delete/", account_data.account_delete, name="account_delete"),
    path(
        "reminders/unsubscribe/<str:token>/",
        reminders.reminders_unsubscribe,
        name="reminders_unsubscribe",
    ),
    path("api/assess", api.assess, name="api_assess"),
    path("history/", history.history_overview, name="history_overview"),
    path("massages/<int:pk>/history/", history.massage_history, name="massage_history"),
    path("massages/<int:pk>/report/", reports.massage_report, name="massage_report"),
    path("massages/<int:pk>/report.pdf", reports.massage_report_pdf, name="massage_report_pdf"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    # The menu's "Check in" and "Report": they find the massage only when followed.
    path("check-in/", shortcuts.checkin_latest, name="checkin_latest"),
    path("report/", shortcuts.report_latest, name="report_latest"),
    path("massages/new/", massages.massage_create, name="massage_create"),
    path("massages/<int:pk>/", massages.massage_detail, name="massage_detail"),
    path("massages/<int:pk>/edit/", massages.massage_update, name="massage_update"),
    path("massages/<int:pk>/delete/", massages.massage_delete, name="massage_delete"),
    path("massages/<int:pk>/checkins/new/", checkins.checkin_create, name="checkin_create"),
    path(
        "massages/<int:pk>/checkins/no-change/",
        checkins.checkin_no_change,
        name="checkin_no_change",
    ),
    path(
        "massages/<int:pk>/assessment/",
        assessments.massage_assessment,
        name="massage_assessment",
    ),
    path(
        "checkins/<int:pk>/assessment/",
        assessments.checkin_assessment,
        name="checkin_assessment",
    ),
    path(
        "checkins/<int:pk>/feedback/",
        assessments.assessment_feedback,
        name="assessment_feedback",
    ),
    path(
        "checkins/<int:pk>/emergency/",
        assessments.checkin_emergency,
        name="checkin_emergency",
    ),
    path("checkins/<int:pk>/calendar.ics", calendar.checkin_calendar, name="checkin_calendar"),
    path("checkins/<int:pk>/", checkins.checkin_detail, name="checkin_detail"),
    path("checkins/<int:pk>/edit/", checkins.checkin_update, name="checkin_update"),
    path("checkins/<int:pk>/delete/", checkins.checkin_delete, name="checkin_delete"),
]
