"""Community stories, included by massagecare/urls.py at "community/"."""

from django.urls import path, re_path

from . import views

urlpatterns = [
    path("", views.story_list, name="story_list"),
    path("share/", views.story_create, name="story_create"),
    path("mine/", views.story_mine, name="story_mine"),
    path("messages/", views.notifications, name="notifications"),
    path("<int:pk>/", views.story_detail, name="story_detail"),
    path("<int:pk>/edit/", views.story_edit, name="story_edit"),
    path("<int:pk>/withdraw/", views.story_withdraw, name="story_withdraw"),
    path("<int:pk>/reply/", views.reply_create, name="reply_create"),
    path("replies/<int:pk>/edit/", views.reply_edit, name="reply_edit"),
    path("replies/<int:pk>/withdraw/", views.reply_withdraw, name="reply_withdraw"),
    re_path(
        r"^report/(?P<kind>story|reply)/(?P<pk>[0-9]+)/$",
        views.report_create,
        name="report_create",
    ),
]
