"""Moderation of community stories and replies: every change of state, who may make it, and
what follows (the decision log, a message to the author in the app and by email). These writes
touch several models and send mail, so they live here rather than on a model.

A decision is one conditional UPDATE: it only applies if the item is still in the state and at
the version the moderator saw. When two moderators decide on the same item at once, the first
decision stands and the second gets ``AlreadyDecided``; nothing is decided twice.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import page_cache, pii, tasks
from .models import ModerationDecision, ModerationStatus, Notification, Reply, Story

S = ModerationStatus

# (action, state it starts from) -> state it ends in. Hiding keeps the status and sets `hidden`.
TRANSITIONS = {
    ("approve", S.PENDING): S.APPROVED,
    ("approve_as_is", S.PENDING): S.APPROVED,
    ("reject", S.PENDING): S.REJECTED,
    ("request_changes", S.PENDING): S.CHANGES_REQUESTED,
    ("hide", S.APPROVED): S.APPROVED,
    ("unhide", S.APPROVED): S.APPROVED,
    ("keep", S.APPROVED): S.APPROVED,
    ("scrub", S.PENDING): S.PENDING,
    ("scrub", S.APPROVED): S.APPROVED,
}
NEEDS_REASON = {"reject", "request_changes", "hide", "approve_as_is", "keep"}
# The reason the author reads (the others stay in the log: why details were left in, why
# reports were unfounded).
FOR_THE_AUTHOR = {"reject", "request_changes", "hide"}
DONE_WORDS = {
    "approve": "approved",
    "approve_as_is": "published",
    "reject": "rejected",
    "request_changes": "sent back for changes",
    "hide": "hidden",
    "unhide": "shown again",
    "keep": "kept after reports",
    "scrub": "changed",
}
AUTHOR_MESSAGES = {
    "approve": "Your {what} “{title}” was approved and is now public, anonymously.",
    "approve_as_is": "Your {what} “{title}” was approved and is now public, anonymously.",
    "reject": "Your {what} “{title}” was not published. The moderator's reason: {reason}",
    "request_changes": (
        "A moderator asked for changes to your {what} “{title}”: {reason} Edit it and it goes "
        "back to the queue."
    ),
    "hide": "Your {what} “{title}” was hidden after readers reported it. The reason: {reason}",
    "unhide": "Your {what} “{title}” is shown again.",
    "scrub": "A moderator removed personal details from your {what} “{title}” to keep you safe.",
}
# Nothing changes for the author when reports are found unfounded: they are not told of them.
SILENT = {"keep"}
HOLDS_DETAILS = (
    "Personal details are still in it: apply the suggested text, or publish it as it is and "
    "say why."
)


class ModerationError(Exception):
    """The change is not allowed from the item's present state, or lacks a reason."""


class AlreadyDecided(ModerationError):
    """Someone else changed the item first; ``current`` is the item as it is now."""

    def __init__(self, current):
        self.current = current
        who = current.decided_by.email if current.decided_by else "someone else"
        when = (
            timezone.localtime(current.decided_at).strftime("%-d %B %Y %H:%M")
            if current.decided_at
            else "just now"
        )
        super().__init__(
            f"{who} already decided on this item ({current.get_status_display()}, {when}). "
            "Your decision was not applied."
        )


def kind(item):
    return "story" if isinstance(item, Story) else "reply"


def _title(item):
    return item.title if isinstance(item, Story) else item.story.title


AUTHOR_LINK = "/community/mine/"


def author_message(*, item, action, reason):
    """What the author is told of a decision, in the app and by email."""
    return AUTHOR_MESSAGES[action].format(what=kind(item), title=_title(item), reason=reason)


def _notify(decision, item):
    text = author_message(item=item, action=decision.action, reason=decision.reason)
    Notification.objects.create(user=item.author, text=text, link=AUTHOR_LINK)
    # Sent by a task: a slow or failing mail server never holds up the moderator.
    tasks.send_decision_notice.enqueue(decision_id=decision.pk)


@transaction.atomic
def decide(*, item, moderator, action, reason="", scrubbed_body=None, seen_version=None):
    """Apply a moderator's ``action`` to a story or reply, exactly once."""
    reason = (reason or "").strip()
    if action in NEEDS_REASON and not reason:
        who = "the author" if action in FOR_THE_AUTHOR else "the other moderators"
        raise ModerationError(f"Give a reason: {who} will see it.")
    if seen_version is not None and seen_version != item.version:
        # The moderator decided on a page older than the item: whatever changed comes first.
        raise AlreadyDecided(type(item).objects.select_related("decided_by").get(pk=item.pk))
    if (action == "hide" and item.hidden) or (action == "unhide" and not item.hidden):
        raise ModerationError(f"This item is already {'hidden' if item.hidden else 'shown'}.")
    target = TRANSITIONS.get((action, item.status))
    if target is None:
        state = item.get_status_display().lower()
        raise ModerationError(f"A {state} item can't be {DONE_WORDS[action]}.")
    if action == "approve" and item.personal_details_count:
        # One click must not publish a phone number: the findings stored with the text (see
        # Moderated.save) are removed first, or left in on purpose, with a reason, in the log.
        raise ModerationError(HOLDS_DETAILS)
    if action == "keep":
        if item.hidden:
            raise ModerationError("This item is hidden: show it again instead.")
        if not item.reports.exists():
            raise ModerationError("Nobody reported this item.")
    model = type(item)
    version = item.version if seen_version is None else seen_version
    changes = {"status": target, "version": F("version") + 1}
    if action in {"approve", "approve_as_is", "reject", "request_changes"}:
        note = reason if action in FOR_THE_AUTHOR else ""
        changes.update(decided_by=moderator, decided_at=timezone.now(), moderator_note=note)
    if action in {"hide", "unhide"}:
        changes["hidden"] = action == "hide"
    before = item.body
    after = before
    if action == "scrub":
        if scrubbed_body is None or scrubbed_body == before:
            raise ModerationError("There is nothing to remove.")
        after = changes["body"] = scrubbed_body
        # An UPDATE skips save(): the new text's findings are stored with it here.
        changes["pii_findings"] = {
            **item.pii_findings,
            "body": pii.as_rows(pii.find_personal_details(scrubbed_body)),
        }
    updated = model.objects.filter(pk=item.pk, status=item.status, version=version).update(
        **changes
    )
    if updated == 0:
        raise AlreadyDecided(model.objects.select_related("decided_by").get(pk=item.pk))
    page_cache.bump_on_commit()  # an UPDATE: no signal tells the public pages
    item.refresh_from_db()
    decision = ModerationDecision.objects.create(
        moderator=moderator,
        moderator_email=moderator.email,
        story=item if isinstance(item, Story) else None,
        reply=item if isinstance(item, Reply) else None,
        action=action,
        reason=reason,
        text_before=before,
        text_after=after,
    )
    if action not in SILENT:
        transaction.on_commit(lambda: _notify(decision, item))
    return decision


@transaction.atomic
def author_edit(*, item, author, **fields):
    """The author changes their item: it goes back to the queue (or stays there)."""
    if item.author_id != author.pk:
        raise ModerationError("Only the author can edit this.")
    if item.status == S.WITHDRAWN:
        raise ModerationError("A withdrawn item can't be edited.")
    for name, value in fields.items():
        setattr(item, name, value)
    item.status = S.PENDING
    item.hidden = False
    item.submitted_at = timezone.now()
    item.version = F("version") + 1
    item.save()
    item.refresh_from_db()
    return item


@transaction.atomic
def author_withdraw(*, item, author):
    if item.author_id != author.pk:
        raise ModerationError("Only the author can withdraw this.")
    if item.status == S.WITHDRAWN:
        return item
    model = type(item)
    model.objects.filter(pk=item.pk).update(status=S.WITHDRAWN, version=F("version") + 1)
    page_cache.bump_on_commit()  # an UPDATE: no signal tells the public pages
    item.refresh_from_db()
    return item
