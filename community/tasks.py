"""Mail sent outside the request (django-tasks; tracker/mail.py retries it).

A task gets ids, not objects, and reads them again when it runs: by then the author may have
withdrawn and deleted their story, or their account, and nothing is sent about something gone.
"""

from django.conf import settings
from django.core.mail import send_mail

from tracker.mail import mail_task

from . import services
from .models import ModerationDecision


@mail_task
def send_decision_notice(*, decision_id):
    """Tell the author by email what a moderator decided about their story or reply (the same
    text as the message in the app); nothing when the item, or its author, is gone."""
    decision = (
        ModerationDecision.objects.select_related("story__author", "reply__author", "reply__story")
        .filter(pk=decision_id)
        .first()
    )
    # The decision log goes with its story or reply (on_delete=CASCADE), and they with their
    # author: no decision, no item.
    item = decision and (decision.story or decision.reply)
    if item is None or not item.author.is_active or not item.author.email:
        return
    text = services.author_message(item=item, action=decision.action, reason=decision.reason)
    send_mail(
        f"MassageCare: news about your {services.kind(item)}",
        f"{text}\n\nSee your stories: {settings.SITE_URL}{services.AUTHOR_LINK}",
        settings.DEFAULT_FROM_EMAIL,
        [item.author.email],
    )
