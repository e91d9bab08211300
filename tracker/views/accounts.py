"""Accounts: being written by a helper this session."""

from django.contrib.auth import views as auth_views


def signup(request):
    raise NotImplementedError


LoginView = auth_views.LoginView
PasswordResetView = auth_views.PasswordResetView
PasswordResetDoneView = auth_views.PasswordResetDoneView
PasswordResetConfirmView = auth_views.PasswordResetConfirmView
PasswordResetCompleteView = auth_views.PasswordResetCompleteView
