"""What is drawn from a massage's history (the history page, the report's record, a dashboard
card, an assessment as shown), kept until that history changes.

A three-year history takes tens of milliseconds to aggregate and draw, and it changes only when
the person saves, edits or deletes a check-in, changes their feedback, or edits the massage. So
the drawn part is cached under a key made of what changes with it:

- the massage's id, its owner's id and its ``updated_at`` (an edit of the massage);
- the number of its check-ins (a deletion lowers it) and their latest ``updated_at`` (a save
  or an edit sets it; so does a new stored assessment, see ``reassess_massage``, and a
  "doesn't fit me", see ``assessment_feedback``).

Any change makes a new key, so a stale page can never be served: the old entry is simply not
asked for again and ages out. The key is read before what is drawn (in a query the page needs
anyway, ``history_facts``), so a change in between can only put newer content under an older
key, which nobody asks for again. Only the person's own pages use it, and the key holds their
id; what is cached is rendered without the request (no CSRF token, no name, no "today").
"""

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q

from .models import CheckIn

# Raise when the shape of what is cached changes, so a shared cache never mixes versions.
FORMAT = 2  # 2: the assessment page's emg_from (the calendar block)
TIMEOUT = 60 * 60 * 24


def history_facts(massage, *, after=None):
    """One query: the last check-in date, the count, the first EMG, the latest change, and
    (given a check-in ``after``) how many check-ins come after it."""
    later = {}
    if after is not None:
        later["later"] = Count(
            "id",
            filter=Q(date__gt=after.date)
            | Q(date=after.date, created_at__gt=after.created_at)
            | Q(date=after.date, created_at=after.created_at, id__gt=after.id),
        )
    return CheckIn.objects.filter(massage=massage).aggregate(
        last=Max("date"),
        count=Count("*"),
        first_emg=Min("date", filter=Q(emg_done=True)),
        changed=Max("updated_at"),
        **later,
    )


def version_key(kind, massage, count, changed):
    changed = changed.isoformat() if changed else "-"
    return (
        f"massagecare:{kind}:{FORMAT}:{massage.owner_id}:{massage.pk}:"
        f"{massage.updated_at.isoformat()}:{count}:{changed}"
    )


def cached(kind, massage, facts, build):
    """``build()``, or what it returned the last time for this very state of the history."""
    key = version_key(kind, massage, facts["count"], facts["changed"])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def checkin_facts():
    """Annotations for massages: their check-ins' count, last date and latest change (the
    version of what is cached about each), read from an index of the check-ins."""
    return {
        "checkin_count": Count("checkins"),
        "last_checkin_date": Max("checkins__date"),
        "checkins_changed": Max("checkins__updated_at"),
    }
