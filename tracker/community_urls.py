"""Community stories, included by tracker/urls.py at "community/"."""

from django.urls import path, re_path

from .views import community

urlpatterns = [
    path("", community.story_list, name="story_list"),
    path("share/", community.story_create, name="story_create"),
    path("mine/", community.story_mine, name="story_mine"),
    path("messages/", community.notifications, name="notifications"),
    path("<int:pk>/", community.story_detail, name="story_detail"),
    path("<int:pk>/edit/", community.story_edit, name="story_edit"),
    path("<int:pk>/withdraw/", community.story_withdraw, name="story_withdraw"),
    path("<int:pk>/reply/", community.reply_create, name="reply_create"),
    path("replies/<int:pk>/edit/", community.reply_edit, name="reply_edit"),
    path("replies/<int:pk>/withdraw/", community.reply_withdraw, name="reply_withdraw"),
    re_path(
        r"^report/(?P<kind>story|reply)/(?P<pk>[0-9]+)/$",
        community.report_create,
        name="report_create",
    ),
]
