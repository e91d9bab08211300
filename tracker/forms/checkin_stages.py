"""The staged check-in as the view walks it: each ``Stage`` holds the forms of one step.

Stage 1 is the emergency screen, stage 2 where and what, stage 3 movement (only for the body
parts involved), stage 4 the course since last time (``tracker.checkin_draft.STAGES``). The
answers of finished stages travel in a signed draft; a stage reads what it shows of the recent
past (the warning signs of the 28 days before, the answers of the 14 days before: spec/triage.md
10.2, 10.5) only when it is shown.
"""

import datetime
from functools import cached_property

from django.forms import BaseFormSet
from django.utils.datastructures import MultiValueDict

from ..case_export import earlier_logs, earlier_red_flags, previous_checkin_date
from ..checkin_draft import STAGES, involved_regions, starting_symptoms
from ..triage import vocabulary as v
from ..triage.carry import carried_answers, reported_before
from ..triage.params import CARRY_ANSWER_DAYS, RED_FLAG_CARRY_DAYS, RED_FLAG_OWN_LEVEL_DAYS
from ..triage.screen import screen_red_flags
from .checkins import (
    CourseForm,
    RedFlagForm,
    SharedFunctionForm,
    SideFunctionForm,
    asked_function_fields,
    symptom_formset,
)

# The screen's advice for each red flag alone (the checklist's data-urgency for JavaScript).
URGENCY = {code: screen_red_flags([code]).action for code in v.RED_FLAGS}

# "Skip this step": every movement answer of the check-in is left out (spec/triage.md 10.5),
# so the engine carries the last answers given.
MOVEMENT_SKIPPED = {
    "functions": {},
    "weakness_type": "",
    "neck_move_or_cough_provokes_arm": False,
    "overhead_or_dangling_provokes": False,
    "movement_done": True,
}


class Stage:
    """The forms of one stage, bound to POST data or filled from the draft.

    Stage 1 shows the warning signs reported in the 28 days before the check-in and stage 3
    the answers given in the 14 days before it (spec/triage.md 10.2, 10.5): read only when the
    stage is shown, a few queries whatever the length of the history.
    """

    def __init__(self, name, draft, massage, data=None, add_blank=False, checkin=None):
        if data is None and name in draft["edits"]:
            # Left with "Back" while it had an error: it shows again as it was sent.
            data = MultiValueDict(draft["edits"][name])
        self.name = name
        self.massage = massage
        self.checkin = checkin
        self.date = datetime.date.fromisoformat(draft["date"])
        self.forms = {}
        if name == "emergency":
            seen_doctor = draft["seen_doctor"] if draft["seen_doctor_answered"] else None
            self.forms["main"] = RedFlagForm(
                data, initial={"red_flags": draft["red_flags"], "seen_doctor": seen_doctor}
            )
        elif name == "symptoms":
            self._symptoms(draft, data, add_blank)
        elif name == "movement":
            self._movement(draft, data)
        else:
            self.forms["main"] = CourseForm(
                data,
                massage=massage,
                initial={
                    k: draft[k] for k in ("course", "date", "seen_doctor", "emg_done", "notes")
                },
            )
            if self.since is None:
                # The first check-in of a massage: there is no "last time" to compare with.
                del self.forms["main"].fields["course"]

    def _symptoms(self, draft, data, add_blank):
        """A follow-up starts from the symptoms of the check-in before, in the 14 days before
        (issue 12: one changed answer is a few taps), until the person has sent this stage;
        ``symptoms_from`` is that check-in's date."""
        symptoms = draft["symptoms"]
        self.symptoms_from = None
        if data is None and not draft.get("symptoms_done", True) and self.last_log:
            symptoms = starting_symptoms(self.last_log)
            self.symptoms_from = datetime.date.fromisoformat(self.last_log["date"])
        self.forms["symptoms"] = symptom_formset(data, symptoms, add_blank=add_blank)

    @cached_property
    def last_log(self):
        """The check-in just before this one, in the 14 days before it, as a log; or None."""
        logs = earlier_logs(
            self.massage, date=self.date, days=CARRY_ANSWER_DAYS, checkin=self.checkin
        )
        return logs[-1] if logs else None

    @cached_property
    def symptom_rows(self):
        """Stage 2's entries, each with what the check-in before said of the same feeling in
        the same place (``last``: its date and pain), so a row from last time says so."""
        last = {}
        if self.last_log:
            date = datetime.date.fromisoformat(self.last_log["date"])
            for symptom in self.last_log["symptoms"]:
                key = (symptom["kind"], symptom["region"], symptom["side"])
                last[key] = {"date": date, "nprs": symptom.get("nprs")}
        rows = []
        for form in self.forms["symptoms"]:
            kind, region, side = (form[name].value() for name in ("kind", "region", "side"))
            sides = ("left", "right") if side == "both" else (side,)
            found = [last[(kind, region, s)] for s in sides if (kind, region, s) in last]
            rows.append({"form": form, "last": found[0] if len(found) == len(sides) else None})
        return rows

    def _movement(self, draft, data):
        """A new check-in's questions start from the last answers given (10.5); a check-in
        being edited, or a stage already answered, starts from the draft."""
        self.side_fields, shared_fields = asked_function_fields(
            involved_regions(draft, self.massage)
        )
        prefill = data is None and not draft["movement_done"]
        self.prefilled = False
        for side in v.LATERAL_SIDES:
            initial = draft["functions"].get(side, {})
            if prefill:
                initial = _starting_values(self.last_answers[side])
            self.forms[side] = SideFunctionForm(
                data, prefix=side, asked=self.side_fields, initial=initial
            )
            self.prefilled |= prefill and any(f in initial for f in self.side_fields)
        shared = {f: draft[f] for f in shared_fields}
        if prefill and "weakness_type" in shared and "weakness_type" in self.last_answers[None]:
            shared["weakness_type"] = self.last_answers[None]["weakness_type"][0]
            self.prefilled = True
        self.forms["shared"] = SharedFunctionForm(data, asked=shared_fields, initial=shared)

    @cached_property
    def last_answers(self):
        """``{side: {field: (value, date_given)}}``, side None for ``weakness_type``: the last
        answer given to each movement question in the 14 days before this check-in."""
        logs = earlier_logs(
            self.massage, date=self.date, days=CARRY_ANSWER_DAYS, checkin=self.checkin
        )
        last = {side: {} for side in (*v.LATERAL_SIDES, None)}
        for (side, name), answer in carried_answers(logs, self.date).items():
            last[side][name] = answer
        return last

    @cached_property
    def _recent_signs(self):
        """The warning signs of the check-ins of the 28 days before this one (one query)."""
        return earlier_red_flags(
            self.massage, date=self.date, days=RED_FLAG_CARRY_DAYS, checkin=self.checkin
        )

    @cached_property
    def since(self):
        """The date of the check-in before this one (None: the first, "since the massage")."""
        if self._recent_signs:
            return self._recent_signs[-1]["date"]
        return previous_checkin_date(self.massage, date=self.date, checkin=self.checkin)

    @cached_property
    def reported(self):
        """The warning signs reported in the 28 days before this check-in (10.4), each with
        its words, date and whether a doctor has checked the person since."""
        logs = self._recent_signs
        reported = []
        for entry in reported_before(logs, self.date):
            date = datetime.date.fromisoformat(entry["date"])
            reported.append(
                {
                    **entry,
                    "label": v.label(v.RED_FLAGS, entry["code"]),
                    "date": date,
                    "advice": _still_counting_advice(entry["code"], (self.date - date).days),
                }
            )
        return reported

    @cached_property
    def still_counting(self):
        """The signs reported before that count until a doctor has checked the person (10.2)."""
        return [r for r in self.reported if not r["seen_doctor_since"]]

    def is_valid(self):
        # Every form is validated (no short cut), so every error shows at once.
        results = [form.is_valid() for form in self.forms.values()]
        return all(results)

    def sent(self):
        """What was sent on this stage, errors and all: ``{field name: [values]}``."""
        names, prefixes = set(), []
        for form in self.forms.values():
            if isinstance(form, BaseFormSet):  # its rows and its management form
                prefixes.append(f"{form.prefix}-")
            else:
                names.update(form.add_prefix(name) for name in form.fields)
        data = next(iter(self.forms.values())).data
        return {
            key: data.getlist(key)
            for key in data
            if key in names or key.startswith(tuple(prefixes))
        }

    def apply(self, draft):
        """Write this stage's cleaned answers into the draft."""
        draft["edits"].pop(self.name, None)
        if self.name == "emergency":
            data = self.forms["main"].cleaned_data
            draft["red_flags"] = data["red_flags"]
            if data.get("seen_doctor") is not None:
                draft.update(seen_doctor=data["seen_doctor"], seen_doctor_answered=True)
        elif self.name == "symptoms":
            draft["symptoms"] = self.forms["symptoms"].symptoms()
            draft["symptoms_done"] = True
        elif self.name == "movement":
            functions = {side: self.forms[side].answers() for side in v.LATERAL_SIDES}
            draft["functions"] = {side: a for side, a in functions.items() if a}
            shared = self.forms["shared"].cleaned_data
            draft["weakness_type"] = shared.get("weakness_type", "")
            for name in ("neck_move_or_cough_provokes_arm", "overhead_or_dangling_provokes"):
                draft[name] = bool(shared.get(name))
            draft["movement_done"] = True
        else:
            data = self.forms["main"].cleaned_data
            draft.update(
                # Not asked on a massage's first check-in: a course stored before is kept.
                course=data.get("course", draft["course"]),
                date=data["date"].isoformat(),
                seen_doctor=data["seen_doctor"],
                seen_doctor_answered=True,
                emg_done=data["emg_done"],
                notes=data["notes"],
                # Sent from the page that asked to confirm it (see views.checkins).
                confirm_date=False,
            )

    def red_flag_groups(self, draft):
        """Stage 1's checklist, with what was sent (kept when it comes back with an error) or
        the draft's ticks. A sign reported before that still counts is not asked again: it
        shows as already noted, unless this check-in itself lists it (nothing is lost)."""
        form = self.forms["main"]
        ticked = set(form.data.getlist("red_flags") if form.is_bound else draft["red_flags"])
        noted = {r["code"]: r["date"] for r in self.still_counting}
        if len(self.still_counting) > 1:
            form.fields["seen_doctor"].label = "Has a doctor checked you for these?"
        return [
            {
                "group": group,
                "codes": [
                    {
                        "code": code,
                        "label": text,
                        "urgency": URGENCY[code],
                        "checked": code in ticked,
                        "noted_on": None if code in ticked else noted.get(code),
                    }
                    for code, text in group.codes.items()
                ],
            }
            for group in v.RED_FLAG_GROUPS
        ]

    def movement_rows(self):
        """Stage 3's per-side questions, each with its left and right answer fields and the
        last answer given on each side."""
        for side in (*v.LATERAL_SIDES, None):
            self.forms[side or "shared"].show_last_answers(self.last_answers[side])
        rows = []
        for name in self.side_fields:
            field = self.forms["left"].fields[name]
            rows.append(
                {
                    "name": name,
                    "label": field.label,
                    "kind": type(field.widget).__name__,
                    "depends_on": SideFunctionForm.FOLLOW_UPS.get(name, ""),
                    "sides": [
                        {
                            "label": label,
                            "field": self.forms[side][name],
                            "last": self.forms[side].last_answer_text(name),
                            "last_id": self.forms[side].last_answer_id(name),
                        }
                        for side, label in (("left", "Your left"), ("right", "Your right"))
                    ],
                }
            )
        return rows


def _starting_values(last):
    """A new check-in's stage 3 starts from the last answers given: ``{field: value}``. A
    follow-up ("when does it stick out?") starts filled only under a "Yes"."""
    values = {name: value for name, (value, _) in last.items()}
    for follow_up, question in SideFunctionForm.FOLLOW_UPS.items():
        if values.get(question) is not True:
            values.pop(follow_up, None)
    return values


def stages_for(draft, massage):
    """The stages this check-in goes through: movement only when a limb region is involved."""
    side_fields, _ = asked_function_fields(involved_regions(draft, massage))
    return [s for s in STAGES if s != "movement" or side_fields]


def drop_unasked_answers(draft, massage):
    """Answers to questions that no longer apply (a symptom was removed) are not kept."""
    side_fields, shared_fields = asked_function_fields(involved_regions(draft, massage))
    draft["functions"] = {
        side: {k: val for k, val in answers.items() if k in side_fields}
        for side, answers in draft["functions"].items()
    }
    draft["functions"] = {side: a for side, a in draft["functions"].items() if a}
    if "weakness_type" not in shared_fields:
        draft["weakness_type"] = ""
    for name in ("neck_move_or_cough_provokes_arm", "overhead_or_dangling_provokes"):
        if name not in shared_fields:
            draft[name] = False


def _still_counting_advice(code, days):
    """What to do about a sign reported ``days`` ago that no doctor has checked yet: its own
    urgency for a week, then a doctor within 1-2 days (spec/triage.md 10.2)."""
    if days <= RED_FLAG_OWN_LEVEL_DAYS:
        return screen_red_flags([code]).headline
    return "See a doctor within 1-2 days about it, even if it has gone away."
