"""Community stories: reading (public), sharing, replying and reporting (logged in), and the
author's own page, where they follow each story's moderation, edit it or withdraw it.

Every change of state goes through community.services; the author is set here, never taken
from a form. Readers only ever see approved items that are not hidden, and never the author.
"""

import functools

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tracker.triage import vocabulary as v

from .forms import ReplyForm, ReportForm, StoryForm
from .limits import limit_reached
from .models import ContentReport, ModerationStatus, Notification, Reply, Story
from .own_patterns import matched_patterns
from .services import author_edit, author_withdraw

STORIES_PER_PAGE = 10
NOTIFICATIONS_PER_PAGE = 20
REPLY_THANKS = "Thank you: a moderator reads every reply before it is shown."
STORY_THANKS = (
    "Thank you for sharing your story. A moderator reads it before it is published; you will "
    "get a message here when they have."
)
REPORT_THANKS = "Thank you for your report. A moderator will look at it."
ALREADY_REPORTED = "You have already reported this. Thank you: a moderator will look at it."
TOO_MANY = 429


def _data(request):
    return request.POST if request.method == "POST" else None


def _with_pattern(stories, code):
    # JSON "contains" is PostgreSQL's; SQLite has no such operator, so there the stored JSON
    # text is searched for the quoted code. Codes are validated PAT-* ids, none inside another.
    if connection.features.supports_json_field_contains:
        return stories.filter(patterns__contains=[code])
    return stories.filter(patterns__icontains=f'"{code}"')


def _get_story_for_user(user, pk):
    return get_object_or_404(Story, pk=pk, author=user)


def _get_reply_for_user(user, pk):
    return get_object_or_404(Reply.objects.select_related("story"), pk=pk, author=user)


@login_not_required
@require_GET
def story_list(request):
    """Approved stories, newest first, ten a page, optionally those matching one pattern.

    Queries: the page count and the page of stories with their approved-reply count (plus the
    session and user when logged in), whatever the number of stories.
    """
    pattern = request.GET.get("pattern", "")
    # The reply count as a subquery, not a join with GROUP BY: the database counts the replies
    # of the ten stories shown, not of every story, and the page count needs no join at all.
    replies = (
        Reply.objects.public()
        .filter(story=OuterRef("pk"))
        .order_by()
        .values("story")
        .annotate(count=Count("pk"))
        .values("count")
    )
    stories = (
        Story.objects.public()
        .annotate(reply_count=Coalesce(Subquery(replies), 0))
        .order_by("-decided_at", "-id")
    )
    if pattern in v.PATTERN_IDS:
        stories = _with_pattern(stories, pattern)
    else:
        pattern = ""  # an unknown value is ignored: every story is shown
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "pattern": pattern,
        "pattern_title": v.RULE_TITLES.get(pattern, ""),
        "patterns": [(code, v.RULE_TITLES[code]) for code in v.PATTERN_IDS],
    }
    return render(request, "community/story_list.html", context)


def _render_story(request, story, *, reply_form=None, report_form=None, status=200):
    """The story page; a form that failed comes back bound, with its errors, in its place.

    Queries: the story (by the caller), its approved replies, and the reader's own reports on
    the story and those replies (when logged in).
    """
    user = request.user
    replies = list(story.replies.public())
    reported_story, reported_replies = False, set()
    if user.is_authenticated:
        reports = ContentReport.objects.filter(
            Q(story=story) | Q(reply__story=story), reporter=user
        ).values_list("story_id", "reply_id")
        for story_id, reply_id in reports:
            reported_story = reported_story or story_id == story.pk
            if reply_id:
                reported_replies.add(reply_id)
    failed = report_form.prefix if report_form is not None else None
    # Forms only for a reader who is logged in: the page offers them nothing else. A form that
    # failed is drawn with its errors; the others are the same empty form, drawn once.
    forms_shown = user.is_authenticated

    def report_form_for(prefix):
        if not forms_shown:
            return None, None
        if prefix == failed:
            return report_form, None
        return None, _drawn_report_form(prefix)

    entries = []
    for reply in replies:
        prefix = f"report-reply-{reply.pk}"
        form, drawn = report_form_for(prefix)
        entries.append(
            {
                "reply": reply,
                "reported": reply.pk in reported_replies,
                "report_form": form,
                "report_form_html": drawn,
                "report_open": prefix == failed,
            }
        )
    story_form, story_drawn = report_form_for(f"report-story-{story.pk}")
    context = {
        "story": story,
        "is_author": user.is_authenticated and story.author_id == user.pk,
        "entries": entries,
        "reply_form": reply_form,
        "reply_form_html": _drawn(ReplyForm) if forms_shown and not reply_form else None,
        "story_reported": reported_story,
        "story_report_form": story_form,
        "story_report_form_html": story_drawn,
        "story_report_open": f"report-story-{story.pk}" == failed,
    }
    return render(request, "community/story_detail.html", context, status=status)


EMPTY_PREFIX = "__prefix__"


@functools.cache
def _drawn(form_class, prefix=None):
    """An empty form as crispy draws it, once per process: it never changes, and drawing one
    costs about two milliseconds (a story page has a report form per reply)."""
    return render_crispy_form(form_class(prefix=prefix))


def _drawn_report_form(prefix):
    """The empty report form with its prefix: all are alike but for it, so it is drawn once
    with a placeholder. The prefix is ours (a word and an id), so the form stays as crispy
    escaped it."""
    return mark_safe(_drawn(ReportForm, EMPTY_PREFIX).replace(EMPTY_PREFIX, prefix))  # noqa: S308


@login_not_required
@require_GET
def story_detail(request, pk):
    story = get_object_or_404(Story, pk=pk)
    if not story.is_public and story.author_id != request.user.pk:
        raise Http404("No such story.")
    return _render_story(request, story)


def _public_story_or_404(pk):
    return get_object_or_404(Story.objects.public(), pk=pk)


@require_POST
def reply_create(request, pk):
    story = _public_story_or_404(pk)
    reply = Reply(story=story, author=request.user)
    form = ReplyForm(request.POST, instance=reply)
    if not form.is_valid():
        return _render_story(request, story, reply_form=form)
    with transaction.atomic():
        if message := limit_reached(request.user, "reply"):
            form.add_error(None, message)
        else:
            form.save()
    if form.errors:
        return _render_story(request, story, reply_form=form, status=TOO_MANY)
    messages.success(request, REPLY_THANKS)
    return redirect(story)


def _reported_item(kind, pk):
    """The public story or reply being reported, and the story page to show afterwards."""
    if kind == "story":
        story = _public_story_or_404(pk)
        return story, story
    reply = get_object_or_404(
        Reply.objects.public().filter(story__in=Story.objects.public()).select_related("story"),
        pk=pk,
    )
    return reply, reply.story


@require_POST
def report_create(request, kind, pk):
    item, story = _reported_item(kind, pk)
    report = ContentReport(reporter=request.user, **{kind: item})
    form = ReportForm(request.POST, instance=report, prefix=f"report-{kind}-{item.pk}")
    if not form.is_valid():
        return _render_story(request, story, report_form=form)
    try:
        with transaction.atomic():
            if ContentReport.objects.filter(reporter=request.user, **{kind: item}).exists():
                messages.info(request, ALREADY_REPORTED)
                return redirect(story)
            if message := limit_reached(request.user, "report"):
                form.add_error(None, message)
            else:
                form.save()
    except IntegrityError:
        # The same report sent twice at once: the database kept the first.
        messages.info(request, ALREADY_REPORTED)
        return redirect(story)
    if form.errors:
        return _render_story(request, story, report_form=form, status=TOO_MANY)
    messages.success(request, REPORT_THANKS)
    return redirect(story)


@never_cache
@require_http_methods(["GET", "POST"])
def story_create(request):
    own = matched_patterns(request.user)
    story = Story(author=request.user)
    form = StoryForm(_data(request), instance=story, own_patterns=own)
    status = 200
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if message := limit_reached(request.user, "story"):
                form.add_error(None, message)
                status = TOO_MANY
            else:
                form.save()
        if not form.errors:
            messages.success(request, STORY_THANKS)
            return redirect("story_mine")
    return render(request, "community/story_form.html", {"form": form}, status=status)


@never_cache
@require_GET
def story_mine(request):
    """The person's stories and replies, with their status and the moderator's words.

    Queries: session, user, the stories, the replies with their story, unread messages: five.
    """
    stories = Story.objects.filter(author=request.user).order_by("-submitted_at", "-id")
    replies = (
        Reply.objects.filter(author=request.user)
        .select_related("story")
        .order_by("-submitted_at", "-id")
    )
    unread = Notification.objects.filter(user=request.user, read=False).count()
    context = {"stories": stories, "replies": replies, "unread": unread}
    return render(request, "community/story_mine.html", context)


def _cannot_change_withdrawn(request, item):
    if item.status == ModerationStatus.WITHDRAWN:
        messages.error(request, "You withdrew this, so it can't be changed any more.")
        return redirect("story_mine")
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def story_edit(request, pk):
    story = _get_story_for_user(request.user, pk)
    if refused := _cannot_change_withdrawn(request, story):
        return refused
    was_public = story.is_public
    own = matched_patterns(request.user)
    form = StoryForm(_data(request), instance=story, own_patterns=own, editing=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # A rejected story sent again counts as a story shared today (community/limits.py).
            rejected = story.status == ModerationStatus.REJECTED
            if rejected and (message := limit_reached(request.user, "story")):
                form.add_error(None, message)
                status = TOO_MANY
            else:
                author_edit(item=story, author=request.user, **form.edited_fields())
        if not form.errors:
            messages.success(
                request, "Saved. Your story is back with a moderator, who reads it again."
            )
            return redirect("story_mine")
    context = {"form": form, "story": story, "was_public": was_public}
    return render(request, "community/story_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def story_withdraw(request, pk):
    story = _get_story_for_user(request.user, pk)
    return _withdraw(request, story, "story", story.title)


@never_cache
@require_http_methods(["GET", "POST"])
def reply_edit(request, pk):
    reply = _get_reply_for_user(request.user, pk)
    if refused := _cannot_change_withdrawn(request, reply):
        return refused
    was_public = reply.is_public
    form = ReplyForm(_data(request), instance=reply)
    if request.method == "POST" and form.is_valid():
        author_edit(item=reply, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Saved. Your reply is back with a moderator, who reads it again.")
        return redirect("story_mine")
    context = {"form": form, "reply": reply, "was_public": was_public}
    return render(request, "community/reply_form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def reply_withdraw(request, pk):
    reply = _get_reply_for_user(request.user, pk)
    return _withdraw(request, reply, "reply", reply.story.title)


def _withdraw(request, item, what, title):
    """Confirm (GET), then withdraw (POST) the author's own story or reply."""
    if refused := _cannot_change_withdrawn(request, item):
        return refused
    if request.method == "POST":
        author_withdraw(item=item, author=request.user)
        messages.success(request, f"Your {what} was withdrawn. Nobody sees it any more.")
        return redirect("story_mine")
    context = {"item": item, "what": what, "title": title}
    return render(request, "community/withdraw_confirm.html", context)


@never_cache
@require_GET
def notifications(request):
    """The person's messages, newest first; opening the page marks them read.

    Queries: session, user, the count, the page, marking the page's unread ones read: five.
    """
    mine = Notification.objects.filter(user=request.user)
    page = Paginator(mine, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    # Read before marking, so that new ones still show as new on this visit.
    entries = [{"notification": n, "link": _own_link(n.link)} for n in page.object_list]
    unread = [e["notification"].pk for e in entries if not e["notification"].read]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read=True)
    return render(request, "community/notifications.html", {"page": page, "entries": entries})


def _own_link(link):
    """Only a path on this site becomes a link (never another host or a javascript: URL)."""
    return link if link.startswith("/") and link[1:2] not in ("/", "\\") else ""


def unread_notifications(request):
    """Context processor: ``unread_notifications`` for the nav link (one query, only if used)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def count():
        return Notification.objects.filter(user=user, read=False).count()

    return {"unread_notifications": count}
