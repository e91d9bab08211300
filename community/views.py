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
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tracker.triage import vocabulary as v

from . import page_cache
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
PATTERN_LINKS = [(code, v.RULE_TITLES[code]) for code in v.PATTERN_IDS]


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


def _stories(pattern):
    """Approved stories, newest first, with their approved-reply count; one pattern's if given."""
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
    return _with_pattern(stories, pattern) if pattern else stories


@login_not_required
@require_GET
@page_cache.anonymous_page(page_cache.anonymous_list_key)
def story_list(request):
    """Approved stories, newest first, ten a page, optionally those matching one pattern.

    The list is the same for every reader: drawn once per community version (page_cache.py).
    Queries when it is drawn: the page count and the page of stories with their approved-reply
    count, whatever the number of stories; none when it was drawn already. Plus the session and
    user when logged in; none at all for an anonymous visitor's page drawn already.
    """
    pattern = request.GET.get("pattern", "")
    if pattern not in v.PATTERN_IDS:
        pattern = ""  # an unknown value is ignored: every story is shown
    context = {"pattern": pattern, "pattern_title": v.RULE_TITLES.get(pattern, "")}

    def draw():
        page = Paginator(_stories(pattern), STORIES_PER_PAGE).get_page(request.GET.get("page"))
        context["page"] = page
        html = render_to_string(
            "community/_story_list_body.html",
            {**context, "page": page, "patterns": PATTERN_LINKS},
            request,
        )
        # Only a page that exists is kept: any other number shows the last (or first) page.
        return str(html), page.number == page_cache.requested_page(request)

    html, kept = page_cache.fragment(page_cache.list_key(request), draw)
    # Drawn by our own template, which escaped what it shows.
    context["stories_html"] = mark_safe(html)  # noqa: S308
    response = render(request, "community/story_list.html", context)
    return response if kept else page_cache.not_for_anonymous(response)


def _draw_story(story):
    """The story and its approved replies as every reader sees them (one query: the replies).

    A story that is not public is drawn for its author, with its status, and never kept."""
    reply_template = get_template("community/_reply.html")
    replies = story.replies.public() if story.is_public else []
    shared = page_cache.SharedStory(
        pk=story.pk,
        title=story.title,
        author_id=story.author_id,
        is_public=story.is_public,
        html=str(render_to_string("community/_story_text.html", {"story": story})),
        replies=[
            page_cache.SharedReply(
                reply.pk, reply.author_id, *_draw_reply(reply_template, reply, n)
            )
            for n, reply in enumerate(replies, 1)
        ],
    )
    return shared, story.is_public


# Where a reader's own part goes in a drawn reply: a comment a person's text, escaped, can't hold.
READER_PART = "<!-- the reader's part -->"


def _draw_reply(template, reply, number):
    """A reply drawn, cut where each reader's own part goes: (head, tail)."""
    html = template.render(  # a reply's text can't hold the mark: it is escaped
        {"reply": reply, "number": number, "reader_part": mark_safe(READER_PART)}  # noqa: S308
    )
    head, _, tail = str(html).partition(READER_PART)
    return head, tail


def _shared_story(story):
    """The public ``story`` as every reader sees it, drawn at most once per version."""
    return page_cache.fragment(page_cache.story_key(story.pk), lambda: _draw_story(story))[0]


def _render_story(request, shared, *, reply_form=None, report_form=None, status=200):
    """The story page around ``shared`` (page_cache.SharedStory), with the reader's own parts
    drawn for them: their reports and the forms. A form that failed comes back bound, with its
    errors, in its place.

    Queries: the reader's own reports on the story and its replies, when logged in and when
    they ever reported anything (page_cache.has_reported: known without a query most times).
    """
    user = request.user
    # Forms only for a logged-in reader of a public story, and never for their own items.
    forms_shown = user.is_authenticated and shared.is_public
    reported = set()
    if forms_shown and page_cache.has_reported(user, user.reports_made.exists):
        reports = ContentReport.objects.filter(
            Q(story=shared.pk) | Q(reply__story=shared.pk), reporter=user
        ).values_list("story_id", "reply_id")
        for story_id, reply_id in reports:
            reported.add(("reply", reply_id) if reply_id else ("story", story_id))
    report_part = _report_parts(request, report_form)

    def report_html(kind, item):
        if not forms_shown or item.author_id == user.pk:
            return ""
        return report_part(kind, item.pk, (kind, item.pk) in reported)

    # Each reply as drawn for every reader (by _reply.html, which escaped the text), with the
    # reader's own part in its place: joined here, a template loop cost more than the rest.
    entries = [
        mark_safe(reply.head + report_html("reply", reply) + reply.tail)  # noqa: S308
        for reply in shared.replies
    ]
    context = {
        "story": shared,
        "story_html": mark_safe(shared.html),  # noqa: S308 (as the replies')
        "story_report_html": report_html("story", shared),
        "entries": entries,
        "reply_form": reply_form,
        "reply_form_html": _drawn(ReplyForm) if forms_shown and not reply_form else None,
    }
    return render(request, "community/story_detail.html", context, status=status)


# What the empty report form holds in place of an item's id (in its prefix and its address)
# and of the reader's CSRF token: digits, for the address to resolve, that no form holds else.
EMPTY_PK = "9081726354"
EMPTY_TOKEN = "__csrf_token__"
REPORT_FORM = "community/_report_form.html"


def _report_parts(request, failed_form=None):
    """Draws the reader's part of an item on a story page: "you reported this", or the form to
    report it; ``failed_form`` comes back with its errors, open."""
    token = None

    def part(kind, pk, reported):
        nonlocal token
        if failed_form is not None and failed_form.prefix == f"report-{kind}-{pk}":
            action = reverse("report_create", args=[kind, pk])
            context = {"form": failed_form, "action": action, "open": True, "what": kind}
            return render_to_string(REPORT_FORM, context, request)
        if reported:
            return _drawn_report_part(kind, reported=True)
        token = token or get_token(request)  # one per page, as {% csrf_token %} gives
        html = _drawn_report_part(kind, reported=False).replace(EMPTY_PK, str(pk))
        return mark_safe(html.replace(EMPTY_TOKEN, token))  # noqa: S308 (see below)

    return part


@functools.cache
def _drawn_report_part(kind, *, reported):
    """The part of an item whose report did not fail, drawn once per process: a page has one
    per reply, all alike but for the item's id (in the form's prefix and address) and the
    reader's CSRF token, which it holds as placeholders. Those are ours (digits, a token of
    letters and digits) and the template holds no text of a person, so the part stays as the
    template escaped it."""
    context = {
        "reported": reported,
        "drawn": _drawn(ReportForm, f"report-{kind}-{EMPTY_PK}"),
        "action": reverse("report_create", args=[kind, EMPTY_PK]),
        "what": kind,
        "csrf_token": EMPTY_TOKEN,
    }
    return render_to_string(REPORT_FORM, context)


@functools.cache
def _drawn(form_class, prefix=None):
    """An empty form as crispy draws it, once per process: it never changes, and drawing one
    costs about two milliseconds (a story page has a report form per reply)."""
    return render_crispy_form(form_class(prefix=prefix))


@login_not_required
@require_GET
@page_cache.anonymous_page(page_cache.anonymous_story_key)
def story_detail(request, pk):
    """A story and its approved replies; its author also sees it before it is public.

    Queries when the story is drawn: the story, its approved replies; none when it was drawn
    already. Plus the session and the user when logged in, and the reader's reports if they
    ever reported anything (_render_story); none at all for an anonymous visitor's page drawn
    already.
    """

    def draw():
        story = get_object_or_404(Story, pk=pk)
        if not story.is_public and story.author_id != request.user.pk:
            raise Http404("No such story.")
        return _draw_story(story)

    shared, _ = page_cache.fragment(page_cache.story_key(pk), draw)
    return _render_story(request, shared)


def _public_story_or_404(pk):
    return get_object_or_404(Story.objects.public(), pk=pk)


@require_POST
def reply_create(request, pk):
    story = _public_story_or_404(pk)
    reply = Reply(story=story, author=request.user)
    form = ReplyForm(request.POST, instance=reply)
    if not form.is_valid():
        return _render_story(request, _shared_story(story), reply_form=form)
    with transaction.atomic():
        if message := limit_reached(request.user, "reply"):
            form.add_error(None, message)
        else:
            form.save()
    if form.errors:
        return _render_story(request, _shared_story(story), reply_form=form, status=TOO_MANY)
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
        return _render_story(request, _shared_story(story), report_form=form)
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
        return _render_story(request, _shared_story(story), report_form=form, status=TOO_MANY)
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
