"""The person's account page: their own copy of their data, and deleting the account."""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import transaction
from django.db.models import CharField, Count, Q, Subquery
from django.db.models.functions import Cast
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_tasks_db.models import DBTaskResult

from community.models import ModerationDecision, ModerationStatus, Reply, Story

from .. import data_export
from ..forms.account_data import AccountDeleteForm
from ..forms.accounts import CountryForm
from ..models import (
    CheckIn,
    Massage,
    PatternFeedback,
    SideFunction,
    Symptom,
    User,
)

DELETED = "Your account and all your records were deleted."
# The deletion page names this many of the person's stories; a count says how many more.
STORY_TITLES_SHOWN = 10


@never_cache
@require_GET
def account(request):
    return render(
        request, "tracker/account.html", {"country_form": CountryForm(instance=request.user)}
    )


def _download(response, extension):
    filename = f"massagecare-export-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@never_cache
@require_GET
def export_json(request):
    body = data_export.export_json(request.user)
    return _download(HttpResponse(body, content_type="application/json; charset=utf-8"), "json")


@never_cache
@require_GET
def export_csv(request):
    lines = data_export.export_csv_lines(request.user)
    return _download(StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8"), "csv")


def _record_counts(user):
    return Massage.objects.owned_by(user).aggregate(
        massages=Count("id", distinct=True), checkins=Count("checkins", distinct=True)
    )


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            _delete_everything_of(request.user)
        # Flushes the current session; the message survives in its cookie (FallbackStorage).
        logout(request)
        messages.success(request, DELETED)
        return redirect("landing")
    # A locked-out password check answers with django-axes' lockout page (its middleware).
    context = {
        "form": form,
        "counts": _record_counts(request.user),
        "community": _community_to_delete(request.user),
    }
    return render(request, "tracker/account_delete.html", context)


def _community_to_delete(user):
    """What of the community goes with the account, for the deletion page to say before.

    Their stories (the newest STORY_TITLES_SHOWN by title, and how many in all), the replies
    others wrote to them, and their own replies: two queries, or three when there are more
    stories than titles shown, whatever the number.
    """
    stories = [
        {"title": title, "status": ModerationStatus(status).label}
        for title, status in Story.objects.filter(author=user)
        .order_by("-created_at", "-id")
        .values_list("title", "status")[: STORY_TITLES_SHOWN + 1]
    ]
    story_count = len(stories)
    if story_count > STORY_TITLES_SHOWN:
        story_count = Story.objects.filter(author=user).count()
    replies = Reply.objects.filter(Q(author=user) | Q(story__author=user)).aggregate(
        own=Count("id", filter=Q(author=user)),
        to_their_stories=Count("id", filter=~Q(author=user)),
    )
    return {
        "stories": stories[:STORY_TITLES_SHOWN],
        "story_count": story_count,
        "more_stories": story_count - min(story_count, STORY_TITLES_SHOWN),
        "replies": replies["own"],
        "replies_to_their_stories": replies["to_their_stories"],
    }


def _delete_everything_of(user):
    """Remove ``user`` and every row that holds something of theirs.

    The cascade from the user takes their massages, check-ins, symptoms, movement answers,
    stored assessments (columns of the check-ins), feedback, their community stories (with the
    replies, reports and decision log of each) and replies, the reports they made, their
    messages, group and permission links, and the admin log entries they made. Left to remove
    by hand: the admin log entries about their records (their email is the object's name),
    django-axes' records of their log-ins (keyed by the email, not by a foreign key), the mail
    tasks queued for their email (tracker/tasks.py), their address on moderation decisions they
    made, and their sessions on other devices.
    """
    _delete_admin_log_about(user)
    # Decisions they made as a moderator stay in the log, without their address.
    ModerationDecision.objects.filter(moderator=user).update(moderator=None, moderator_email="")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    DBTaskResult.objects.filter(args_kwargs__kwargs__email__iexact=user.email).delete()
    _delete_sessions_of(user)
    user.delete()


def _delete_admin_log_about(user):
    owned = {
        User: User.objects.filter(pk=user.pk),
        Massage: Massage.objects.owned_by(user),
        CheckIn: CheckIn.objects.owned_by(user),
        Symptom: Symptom.objects.filter(checkin__massage__owner=user),
        SideFunction: SideFunction.objects.filter(checkin__massage__owner=user),
        PatternFeedback: PatternFeedback.objects.filter(checkin__massage__owner=user),
        Story: Story.objects.filter(author=user),
        Reply: Reply.objects.filter(Q(author=user) | Q(story__author=user)),
    }
    content_types = ContentType.objects.get_for_models(*owned)
    for model, records in owned.items():
        ids = records.annotate(text_id=Cast("pk", CharField())).values("text_id")
        LogEntry.objects.filter(
            content_type=content_types[model], object_id__in=Subquery(ids)
        ).delete()


def _delete_sessions_of(user):
    """Delete the person's sessions on every device (logged in elsewhere too).

    Sessions do not record their user in a column: each one is decoded. Deleting an account is
    rare, and sessions expire, so reading them all is acceptable here.
    """
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    if not hasattr(store_class, "get_model_class"):
        # Cookie or cache-only sessions cannot be listed; logout() ends the current one.
        return
    model = store_class.get_model_class()
    store = store_class()
    user_id = str(user.pk)
    keys = [
        key
        for key, data in model.objects.values_list("session_key", "session_data").iterator()
        if store.decode(data).get(SESSION_KEY) == user_id
    ]
    model.objects.filter(session_key__in=keys).delete()
    if hasattr(store_class, "cache_key_prefix"):  # cached_db: the copies in the cache too
        caches[settings.SESSION_CACHE_ALIAS].delete_many(
            [store_class.cache_key_prefix + key for key in keys]
        )
