"""What a moderator reads in the admin, and when a decision can't apply to an item.

The words here speak to moderators; those in community/models.py speak to the author. Every
decision itself goes through community.services.decide().
"""

from django import forms

from ..models import ModerationStatus
from ..services import FOR_THE_AUTHOR, NEEDS_REASON, AlreadyDecided

S = ModerationStatus

# The labels in the models speak to the author ("Withdrawn by you"); these speak to moderators.
STATUS_FOR_MODERATORS = {
    S.PENDING: "Waiting for a decision",
    S.APPROVED: "Published",
    S.REJECTED: "Rejected",
    S.CHANGES_REQUESTED: "Changes requested",
    S.WITHDRAWN: "Withdrawn by the author",
}
REASON_LABELS = {
    "reject": "Why it can't be published (the author sees this)",
    "request_changes": "What the author should change (they see this)",
    "hide": "Why it is hidden (the author sees this)",
    "approve_as_is": "Why these details may be published (for the log; the author doesn't see it)",
    "keep": "Why the reports are unfounded (for the log; nobody else sees it)",
}
BUTTONS = {
    "approve": "Approve",
    "approve_as_is": "Publish as it is",
    "keep": "Keep it shown",
    "reject": "Reject",
    "request_changes": "Ask for changes",
    "hide": "Hide",
    "unhide": "Show again",
    "scrub": "Apply the suggested text",
}
HINTS = {
    "approve": "Publish it, anonymously, as it is now.",
    "reject": "Don't publish it.",
    "request_changes": "Send it back: the author can edit it and send it again.",
    "hide": "Take it off the community pages. It stays in the log.",
    "unhide": "Show it to readers again.",
    "approve_as_is": "Publish it with the details marked above still in it.",
    "keep": "The reports are unfounded: it stays shown, and they are closed.",
}
DONE = {
    "approve": "Approved and published",
    "reject": "Rejected (the author sees your reason)",
    "request_changes": "Sent back to the author with your note",
    "hide": "Hidden from readers",
    "unhide": "Shown to readers again",
    "scrub": "Personal details removed from the text",
    "approve_as_is": "Published with its personal details",
    "keep": "Kept shown; the reports are closed",
}
# After these the item leaves the queue: the moderator goes back to the queue for the next one.
FINAL = {"approve", "approve_as_is", "reject", "request_changes"}
# Why the bulk approve passes over an item; those items are listed, each with its link.
HOLDS_DETAILS = "holding personal details"
PII_KINDS = {
    "email": "email address",
    "phone": "phone number",
    "url": "web address",
    "handle": "social media handle",
    "address": "street address",
    "name": "person's name",
    "place": "clinic, spa or other place name",
}
SHOWN_IN_PANEL = 50  # decisions and reports listed on an item's page


def status_for_moderators(item):
    return STATUS_FOR_MODERATORS.get(item.status, item.status)


def skip_reason(item, action):
    """Why ``action`` cannot apply to ``item`` as it is now, in the moderator's words, or None."""
    if item.status == S.WITHDRAWN:
        return "withdrawn by the author"
    if action in FINAL and item.status != S.PENDING:
        who = item.decided_by.email if item.decided_by else "someone else"
        return f"already decided by {who}"
    if action == "approve" and item.personal_details_count:
        return HOLDS_DETAILS
    if action in {"hide", "unhide"}:
        if item.status != S.APPROVED:
            return "not published"
        if action == "hide" and item.hidden:
            return "already hidden"
        if action == "unhide" and not item.hidden:
            return "not hidden"
    return None


def conflict_message(current):
    """What a moderator reads when the item changed after they opened it."""
    if current.status == S.PENDING:
        return (
            "This item changed after you opened it (its author edited it, or another moderator "
            "removed personal details). Your decision was not applied: read it again."
        )
    return str(AlreadyDecided(current))


class ReasonForm(forms.Form):
    """The reason or note the author sees; ``seen_version`` is the item's version on the page."""

    seen_version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4, "cols": 60})
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = REASON_LABELS.get(action, "Reason")
        field.required = action in NEEDS_REASON
        who = "the author" if action in FOR_THE_AUTHOR else "the other moderators"
        field.error_messages["required"] = f"Write a reason: {who} will see it."
