"""The dates of an assessment as a calendar file (issue 14, point 3): the next check-in and,
for a nerve pattern, the day a nerve test (EMG) becomes most useful.

A calendar is read by others (a shared family calendar, a work account, a lock screen), so by
default the events say nothing about health: their titles and descriptions name no symptom,
body part, test or condition, only MassageCare and a link back to the check-in. The person may
choose titles that name the reason.

Each event is all-day, on the date the page says, rather than at a time in the person's time
zone: the engine's dates are whole days (``recheck_on``, and "from around" for the EMG), and a
date without a time shows on that same day in any calendar, whatever time zone the account or
the phone is set to (many accounts keep the default UTC; a 09:00 UTC event lands at night in
America). A reminder at 09:00 on the day (an alarm relative to the all-day start) is 09:00
wherever the phone is. The events are free time and private, so a shared calendar shows no
busy block and no title.
"""

import datetime
from dataclasses import dataclass

from icalendar import Alarm, Calendar, Event

from .assessment_display import emg_window_opens
from .models import CheckIn

FILENAME = "massagecare-dates.ics"
PRODID = "-//MassageCare//Dates//EN"
# The checkbox of the assessment page: ``?reason=1`` asks for titles that name the reason.
NAME_REASON = "reason"
REMIND_AT = datetime.timedelta(hours=9)

# The kinds of date, each the end of its events' UID, which is in the file too: neutral words.
RECHECK = "recheck"
EMG = "doctor"


@dataclass(frozen=True)
class Words:
    title: str
    description: str


# (neutral, naming the reason) for each kind of date.
WORDS = {
    RECHECK: (
        Words(
            "MassageCare check-in",
            "Time for your next MassageCare check-in, or sooner if anything changes.",
        ),
        Words(
            "Check in on your symptoms after the massage",
            "Time to check in on your symptoms after the massage in MassageCare, or sooner if "
            "anything changes.",
        ),
    ),
    EMG: (
        Words(
            "MassageCare: ask your doctor about the test you discussed",
            "The day to ask your doctor about the test you read about in MassageCare.",
        ),
        Words(
            "Ask about a nerve test (EMG)",
            "A nerve test (EMG) shows a nerve injury best from about three weeks after it "
            "began, which is around now. Ask your doctor whether you need one.",
        ),
    ),
}


def calendar_dates(checkin):
    """The dates ``checkin``'s stored assessment names, as ``[(kind, date)]``: the next
    check-in (``recheck_on``), and the day the EMG window opens while it is still ahead, unless
    an EMG was done. Any check-in of the massage that reports one counts, later ones too: a
    reminder to ask for a test already had would be wrong whichever page it is taken from.
    One query, and only when there is an EMG date."""
    assessment = checkin.assessment or {}
    dates = []
    if assessment.get("recheck_on"):
        dates.append((RECHECK, datetime.date.fromisoformat(assessment["recheck_on"])))
    emg_from = emg_window_opens(assessment) if assessment else None
    if emg_from is not None:
        emg_done = CheckIn.objects.filter(massage_id=checkin.massage_id, emg_done=True).exists()
        if not emg_done:
            dates.append((EMG, emg_from))
    return dates


def build_calendar(dates, *, checkin, link, host, name_reason=False, stamp):
    """The iCalendar file (bytes) of ``dates`` from ``calendar_dates``.

    ``link`` is the absolute address of the check-in's page; ``host`` makes the events' UIDs
    unique to this site, and stable: a file downloaded again (with other titles, say) updates
    the events it added before instead of adding them twice. ``stamp`` is the DTSTAMP (now).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for kind, date in dates:
        words = WORDS[kind][1 if name_reason else 0]
        event = Event()
        event.add("uid", f"massagecare-checkin-{checkin.pk}-{kind}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", date)
        event.add("dtend", date + datetime.timedelta(days=1))
        event.add("summary", words.title)
        event.add("description", f"{words.description}\n\nOpen your check-in: {link}")
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        event.add("class", "PRIVATE")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", words.title)
        alarm.add("trigger", REMIND_AT, parameters={"RELATED": "START"})
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
