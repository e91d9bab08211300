"""Community stories: people share their story anonymously; staff moderate every story and reply
before anyone sees it. Text is stored as the person typed it (plain text) and always shown
escaped.

These models came from the tracker app: ``db_table`` keeps their tables' names, so moving them
renamed nothing in the database (migrations tracker 0006 and community 0001). They hold no health
record; the account (``tracker.User``) is the only thing they share with the tracker.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tracker.models import CodeListValidator, User
from tracker.triage import vocabulary as v

from . import pii


class ModerationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Not published"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    WITHDRAWN = "withdrawn", "Withdrawn by you"


# The two rules, said once. Readers see what a moderator approved and nobody hid after reports;
# moderators' queue holds what waits for their decision. As Q objects they also serve where a
# queryset can't: a count's filter (the admin index) and a partial index (Story.Meta).
PUBLIC = Q(status=ModerationStatus.APPROVED, hidden=False)
IN_QUEUE = Q(status=ModerationStatus.PENDING)


class ModeratedQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: approved by a moderator and not hidden after reports."""
        return self.filter(PUBLIC)

    def queue(self):
        """What waits for a moderator's decision, oldest first: nobody waits longer than they
        must."""
        return self.filter(IN_QUEUE).order_by("submitted_at", "pk")

    def bulk_create(self, objs, *args, **kwargs):
        # save() is skipped here, so the scan is done here: no row goes without its findings.
        objs = list(objs)
        for obj in objs:
            obj.scan_personal_details()
        return super().bulk_create(objs, *args, **kwargs)


class Moderated(models.Model):
    """What stories and replies share: an author, a text, a moderation state and its history."""

    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    body = models.TextField("text", max_length=10000)
    status = models.CharField(
        max_length=20,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
        db_index=True,
    )
    # Reader reports can lead a moderator to hide an approved item without deleting it.
    hidden = models.BooleanField(default=False)
    moderator_note = models.TextField("reason or note for the author", blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Raised by every change of state: two moderators deciding at once cannot both succeed.
    version = models.PositiveIntegerField(default=1)
    # What the personal-details scanner found in each scanned text, {field: [[kind, start, end],
    # ...]}: scanned once, whenever the text is saved, and read by the moderators' pages.
    pii_findings = models.JSONField(default=dict, blank=True, editable=False)
    submitted_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ModeratedQuerySet.as_manager()

    # The texts a moderator reads for personal details.
    SCANNED_FIELDS = ("body",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Save, with what the scanner finds in the texts whenever they may have changed (a
        moderator's scrub is an UPDATE: it stores its own findings, see services.decide)."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.SCANNED_FIELDS):
            self.scan_personal_details()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "pii_findings"}
        super().save(*args, **kwargs)

    def scan_personal_details(self):
        self.pii_findings = {
            field: pii.as_rows(pii.find_personal_details(getattr(self, field)))
            for field in self.SCANNED_FIELDS
        }

    def personal_details(self, field="body"):
        """The findings stored for ``field``, as the scanner's ``Finding``s."""
        return pii.from_rows(getattr(self, field), self.pii_findings.get(field, []))

    @property
    def personal_details_count(self):
        return sum(len(rows) for rows in self.pii_findings.values())

    @property
    def is_public(self):
        # PUBLIC for an item already in hand, without a query; community/tests/test_querysets.py
        # holds the two to the same answer in every state.
        return self.status == ModerationStatus.APPROVED and not self.hidden


class Story(Moderated):
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(max_length=120)
    massage_type = models.CharField(
        "type of massage (optional)",
        max_length=32,
        choices=list(v.MASSAGE_TYPES.items()),
        blank=True,
    )
    patterns = models.JSONField(
        "patterns your answers matched (optional)",
        default=list,
        blank=True,
        validators=[CodeListValidator("PATTERN_IDS", "pattern")],
    )
    consent_anonymous = models.BooleanField(
        "I agree to publish this story anonymously, after a moderator has read it", default=False
    )

    SCANNED_FIELDS = ("title", "body")

    class Meta:
        db_table = "tracker_story"
        verbose_name_plural = "stories"
        ordering = ["-decided_at", "-id"]
        indexes = [
            # The community page: published stories newest first, and their count, read from
            # an index of those stories only.
            models.Index(
                fields=["-decided_at", "-id"], condition=PUBLIC, name="story_public_order_idx"
            ),
            models.Index(fields=["status", "submitted_at"], name="story_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_anonymous=True), name="story_consent_required"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ModerationStatus.values), name="story_status_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("story_detail", args=[self.pk])

    @property
    def pattern_titles(self):
        return [v.RULE_TITLES.get(code, code) for code in self.patterns]


class Reply(Moderated):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField("reply", max_length=4000)

    class Meta:
        db_table = "tracker_reply"
        verbose_name_plural = "replies"
        ordering = ["submitted_at", "id"]
        indexes = [
            models.Index(fields=["story", "status", "hidden"], name="reply_story_idx"),
            models.Index(fields=["status", "submitted_at"], name="reply_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ModerationStatus.values), name="reply_status_valid"
            ),
        ]

    def __str__(self):
        return f"Reply to “{self.story.title}”" if self.story_id else "Reply"


class ContentReport(models.Model):
    """A reader's report of a story or a reply, with a reason."""

    REASONS = {
        "personal_details": "It shows personal details",
        "unkind": "It is unkind or abusive",
        "harmful_advice": "It gives harmful advice",
        "spam": "It is spam or advertising",
        "other": "Something else",
    }

    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reports_made")
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=24, choices=list(REASONS.items()))
    details = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "tracker_contentreport"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(story__isnull=False) & Q(reply__isnull=True))
                | (Q(story__isnull=True) & Q(reply__isnull=False)),
                name="contentreport_one_item",
            ),
            models.UniqueConstraint(
                fields=["reporter", "story"],
                condition=Q(story__isnull=False),
                name="contentreport_once_per_story",
            ),
            models.UniqueConstraint(
                fields=["reporter", "reply"],
                condition=Q(reply__isnull=False),
                name="contentreport_once_per_reply",
            ),
        ]

    def __str__(self):
        return f"Report: {self.get_reason_display()}"


class ModerationDecision(models.Model):
    """The read-only log of every decision: who, when, what, why, and the text before and after.

    It goes with the item it is about (a story its author deletes takes its log with it), so
    nothing of a person stays behind when they leave.
    """

    ACTIONS = {
        "approve": "Approved",
        "reject": "Rejected",
        "request_changes": "Asked for changes",
        "hide": "Hidden after reports",
        "unhide": "Shown again",
        "scrub": "Personal details removed",
        "approve_as_is": "Published with its personal details",
        "keep": "Kept: reports unfounded",
    }

    moderator = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="moderation_decisions"
    )
    # Blank once the moderator deleted their account: the log keeps the decision, not them.
    moderator_email = models.EmailField(blank=True)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    action = models.CharField(max_length=20, choices=list(ACTIONS.items()))
    reason = models.TextField(blank=True)
    text_before = models.TextField(blank=True)
    text_after = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "tracker_moderationdecision"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(story__isnull=False) & Q(reply__isnull=True))
                | (Q(story__isnull=True) & Q(reply__isnull=False)),
                name="moderationdecision_one_item",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} by {self.moderator_email}"


class Notification(models.Model):
    """A message in the app for a person: what a moderator decided about their story or reply."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    read = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "tracker_notification"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read"], name="notification_unread_idx")]

    def __str__(self):
        return self.text[:60]
