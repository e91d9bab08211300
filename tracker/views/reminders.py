"""The reminder mail's unsubscribe link (RFC 8058): no log-in, the signed token is the key."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import reminders


# csrf_exempt is needed here: RFC 8058's one-click unsubscribe is a POST the mail provider sends
# ("List-Unsubscribe=One-Click") with no cookie and no CSRF token. It is safe: the view reads
# no session, and the signed token in the address, which only the person's mail holds, is what
# allows the change; the only change it can make is to stop mails.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def reminders_unsubscribe(request, token):
    """GET asks (a link scanner that follows it changes nothing); POST turns reminders off."""
    user_id = reminders.user_id_from_token(token)
    if user_id is None:
        return render(request, "tracker/reminders_unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        reminders.turn_off(user_id)
        return render(request, "tracker/reminders_unsubscribe_done.html")
    return render(request, "tracker/reminders_unsubscribe.html")
