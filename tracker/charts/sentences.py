"""The history in plain sentences: how many check-ins over how long, how each line went
("pain went from 6 to 3 over 21 days"), how the advice changed, and the trend of the overview."""

from dataclasses import dataclass

from ..triage import vocabulary as v

PERIOD_WORDS = {
    7: "a week",
    14: "two weeks",
    28: "four weeks",
    91: "three months",
    182: "six months",
    364: "a year",
}


# Short grade names for the movement chart's axis; worse is higher, like pain.
GRADE_AXIS = {0: "Easy", 1: "Harder", 2: "Great effort", 3: "Cannot"}


GRADE_WORDS = {0: "easy", 1: "harder", 2: "great effort", 3: "not possible"}


GRADE_STILL = {
    1: "still harder than the other side",
    2: "still only with great effort",
    3: "still not possible",
}


def period_heading(bucket_days):
    return "Day" if bucket_days == 1 else ("Week" if bucket_days == 7 else "Days")


def period_label(day, bucket_days):
    """The table's name of one point: "Day 21", "Week of day 350", "Days 364 to 391"."""
    if bucket_days == 1:
        return f"Day {day}"
    if bucket_days == 7:
        return f"Week of day {day}"
    return f"Days {day} to {day + bucket_days - 1}"


@dataclass(frozen=True)
class Trend:
    code: str  # better, same, worse, comes_and_goes
    word: str
    reason: str


def trend_of(latest_pain, previous_pain, course):
    """How things go, from the worst pain of the latest check-in against the one before; when
    the pain did not change (or is missing), from the latest "since last time" answer."""
    if latest_pain is not None and previous_pain is not None and latest_pain != previous_pain:
        code = "better" if latest_pain < previous_pain else "worse"
        reason = f"worst pain from {previous_pain} to {latest_pain} since the check-in before"
        return Trend(code, v.COURSES[code], reason)
    if course in v.COURSES:
        return Trend(course, v.COURSES[course], "your answer at the latest check-in")
    if latest_pain is not None and previous_pain is not None:
        return Trend("same", v.COURSES["same"], f"worst pain stayed at {latest_pain}")
    return None


def intro_sentences(count, span, bucket_days):
    if not count:
        return ["No check-ins yet."]
    checkins = f"{count} check-in{'s' if count != 1 else ''}"
    days = f"{span} day{'s' if span != 1 else ''}"
    sentences = [f"{checkins} over {days} since the massage."]
    if bucket_days > 1:
        period = PERIOD_WORDS.get(bucket_days, f"{bucket_days} days")
        sentences.append(f"Each point shows the worst of {period}.")
    return sentences


def _not_logged_since(series, last_point):
    day = series.last[0]
    return f"; not logged after day {day}" if day < last_point else ""


def pain_sentence(series, last_point):
    """ "Top of the shoulder (your left): pain went from 6 to 3 over 21 days"."""
    (first_day, first), (last_day, last) = series.first, series.last
    if len(series.points) == 1:
        text = f"pain {first} on day {first_day}"
    else:
        days = last_day - first_day
        if first == last:
            text = f"pain stayed at {first} over {days} days"
        else:
            text = f"pain went from {first} to {last} over {days} days"
    return f"{series.label}: {text}{_not_logged_since(series, last_point)}"


def movement_sentence(series, last_point):
    """ "Lift arm out to the side (your left): got easier, from great effort to harder"."""
    (first_day, first), (_, last) = series.first, series.last
    if len(series.points) == 1:
        text = f"{GRADE_WORDS[first]} on day {first_day}"
    elif last < first:
        text = f"got easier, from {GRADE_WORDS[first]} to {GRADE_WORDS[last]}"
    elif last > first:
        text = f"got harder, from {GRADE_WORDS[first]} to {GRADE_WORDS[last]}"
    elif last == 0:
        text = "easy all along"
    else:
        text = GRADE_STILL[last]
    return f"{series.label}: {text}{_not_logged_since(series, last_point)}"


def advice_sentence(changes):
    latest = changes[-1]["label"]
    count = len(changes) - 1  # the first level is where the advice started, not a change
    if not count:
        return f"Advice: {latest}."
    times = {1: "once", 2: "twice"}.get(count, f"{count} times")
    return f"Advice now: {latest} (it changed {times})."


def sign_sentence(series, bucket_days, last_point):
    """ "Weakness (your left): yes on 12 days, from day 0 to day 20; no since day 23"."""
    yes = [day for day, value in series.points if value]
    if not yes:
        return f"{series.label}: no each time it was asked"
    if len(yes) == 1:
        when = {1: "on day {}", 7: "in the week of day {}"}.get(bucket_days, "in days from {}")
        text = "yes " + when.format(yes[0])
    else:
        count = {1: "on {} days", 7: "in {} weeks"}.get(bucket_days, "in {} periods")
        text = f"yes {count.format(len(yes))}, from day {yes[0]} to day {yes[-1]}"
    later_no = [day for day, value in series.points if day > yes[-1] and not value]
    if later_no:
        text += f"; no since day {later_no[0]}"
    else:
        text += _not_logged_since(series, last_point)
    return f"{series.label}: {text}"
