"""Check-ins: the staged form (create and edit), the one-tap copy, the page of one, delete."""

import datetime
from functools import cached_property

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..case_export import earlier_logs, earlier_red_flags, previous_checkin_date
from ..checkin_draft import (
    STAGE_TITLES,
    STAGES,
    draft_from_checkin,
    empty_draft,
    involved_regions,
    load_draft,
    sign_draft,
)
from ..forms.checkins import (
    CourseForm,
    RedFlagForm,
    SharedFunctionForm,
    SideFunctionForm,
    asked_function_fields,
    symptom_formset,
)
from ..ownership import get_checkin_for_user, get_massage_for_user
from ..triage import vocabulary as v
from ..triage.carry import carried_answers, reported_before
from ..triage.params import CARRY_ANSWER_DAYS, RED_FLAG_CARRY_DAYS, RED_FLAG_OWN_LEVEL_DAYS
from ..triage.screen import screen_red_flags

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
            self.forms["symptoms"] = symptom_formset(data, draft["symptoms"], add_blank=add_blank)
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

    def apply(self, draft):
        """Write this stage's cleaned answers into the draft."""
        if self.name == "emergency":
            data = self.forms["main"].cleaned_data
            draft["red_flags"] = data["red_flags"]
            if data.get("seen_doctor") is not None:
                draft.update(seen_doctor=data["seen_doctor"], seen_doctor_answered=True)
        elif self.name == "symptoms":
            draft["symptoms"] = self.forms["symptoms"].symptoms()
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
                course=data["course"],
                date=data["date"].isoformat(),
                seen_doctor=data["seen_doctor"],
                seen_doctor_answered=True,
                emg_done=data["emg_done"],
                notes=data["notes"],
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


def _stages_for(draft, massage):
    """The stages this check-in goes through: movement only when a limb region is involved."""
    side_fields, _ = asked_function_fields(involved_regions(draft, massage))
    return [s for s in STAGES if s != "movement" or side_fields]


def _drop_unasked_answers(draft, massage):
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


# The screen's advice for each red flag alone, and one example code per level (the advice
# JavaScript reveals as boxes are ticked): the same for every form, so worked out once.
URGENCY = {code: screen_red_flags([code]).action for code in v.RED_FLAGS}
ADVICE_VARIANTS = [
    screen_red_flags([code]) for code in ("face_droop", "new_unsteady_walking", "fever")
]


def _render(request, massage, checkin, draft, stage, status=200):
    stages = _stages_for(draft, massage)
    index = stages.index(stage.name)
    context = {
        "massage": massage,
        "checkin": checkin,
        "stage": stage,
        "forms": stage.forms,
        "progress": [
            {"title": STAGE_TITLES[name], "done": i < index, "current": i == index}
            for i, name in enumerate(stages)
        ],
        "step_number": index + 1,
        "step_count": len(stages),
        "is_last": index == len(stages) - 1,
        "draft_token": sign_draft(draft, user=request.user, massage=massage, checkin=checkin),
        "advice": screen_red_flags(draft["red_flags"]) if stage.name != "emergency" else None,
    }
    if stage.name == "emergency":
        context["advice_variants"] = ADVICE_VARIANTS
        context["red_flag_groups"] = stage.red_flag_groups(draft)
    if stage.name == "movement":
        context["movement_rows"] = stage.movement_rows()
        shared = stage.forms["shared"]
        context["weakness_last"] = {
            "text": shared.last_answer_text("weakness_type"),
            "id": shared.last_answer_id("weakness_type"),
        }
    return render(request, "tracker/checkin_form.html", context, status=status)


def _checkin_wizard(request, massage, checkin=None):
    if request.method == "GET":
        if checkin is not None:
            draft = draft_from_checkin(checkin)
        else:
            draft = empty_draft(max(timezone.localdate(), massage.date))
        stage = Stage("emergency", draft, massage, checkin=checkin)
        return _render(request, massage, checkin, draft, stage)

    draft = load_draft(
        request.POST.get("draft", ""), user=request.user, massage=massage, checkin=checkin
    )
    if draft is None:
        messages.error(
            request,
            "This check-in form was open too long or could not be read. Please start again.",
        )
        return redirect(request.path)
    name = request.POST.get("stage")
    if name not in _stages_for(draft, massage):
        name = "emergency"
    action = request.POST.get("action", "next")
    if action == "skip" and name == "movement":
        # Nothing typed on this stage is kept: skipping leaves every movement answer out.
        draft.update(MOVEMENT_SKIPPED)
        return _render(
            request, massage, checkin, draft, _neighbour(draft, massage, name, +1, checkin)
        )
    stage = Stage(name, draft, massage, data=request.POST, checkin=checkin)
    if not stage.is_valid():
        if action == "back":
            # Going back keeps what was there before this stage; nothing typed here is lost
            # that was not already invalid.
            back = _neighbour(draft, massage, name, -1, checkin)
            return _render(request, massage, checkin, draft, back)
        return _render(request, massage, checkin, draft, stage, status=400)
    stage.apply(draft)
    _drop_unasked_answers(draft, massage)
    if action == "add_symptom" and name == "symptoms":
        stage = Stage(name, draft, massage, add_blank=True, checkin=checkin)
        return _render(request, massage, checkin, draft, stage)
    if action == "back":
        back = _neighbour(draft, massage, name, -1, checkin)
        return _render(request, massage, checkin, draft, back)
    if action == "save" and name == _stages_for(draft, massage)[-1]:
        try:
            saved = services.checkin_save(massage=massage, draft=draft, checkin=checkin)
        except IntegrityError:
            # Only a race (the massage moved meanwhile) gets here; the form checks the rest.
            messages.error(request, "The check-in could not be saved. Please check the date.")
            stage = Stage(name, draft, massage, checkin=checkin)
            return _render(request, massage, checkin, draft, stage, 400)
        messages.success(request, "Check-in updated." if checkin else "Check-in saved.")
        return redirect(saved)
    forward = _neighbour(draft, massage, name, +1, checkin)
    return _render(request, massage, checkin, draft, forward)


def _neighbour(draft, massage, name, step, checkin):
    stages = _stages_for(draft, massage)
    index = stages.index(name) if name in stages else 0
    target = stages[min(max(index + step, 0), len(stages) - 1)]
    return Stage(target, draft, massage, checkin=checkin)


@never_cache
@require_http_methods(["GET", "POST"])
def checkin_create(request, pk):
    massage = get_massage_for_user(request.user, pk)
    return _checkin_wizard(request, massage)


@never_cache
@require_http_methods(["GET", "POST"])
def checkin_update(request, pk):
    checkin = get_checkin_for_user(request.user, pk)
    return _checkin_wizard(request, checkin.massage, checkin)


@require_POST
def checkin_no_change(request, pk):
    massage = get_massage_for_user(request.user, pk)
    copied = services.checkin_copy_previous(
        massage=massage, date=max(timezone.localdate(), massage.date)
    )
    if copied is None:
        messages.info(request, "There is no earlier check-in to copy yet. Start a check-in.")
        return redirect("checkin_create", pk=massage.pk)
    new, previous = copied
    messages.success(
        request,
        f"Saved: no change since your check-in of {previous.date:%-d %B}. "
        "Edit it if anything is different.",
    )
    return redirect(new)


@never_cache
def checkin_detail(request, pk):
    checkin = get_checkin_for_user(request.user, pk)
    symptoms = list(checkin.symptoms.all())
    functions = list(checkin.functions.all())
    return render(
        request,
        "tracker/checkin_detail.html",
        {
            "checkin": checkin,
            "massage": checkin.massage,
            "symptoms": symptoms,
            "functions": functions,
            "advice": screen_red_flags(checkin.red_flags),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def checkin_delete(request, pk):
    checkin = get_checkin_for_user(request.user, pk)
    if request.method == "POST":
        massage = checkin.massage
        services.checkin_delete(checkin=checkin)
        messages.success(request, f"The check-in of {checkin.date:%-d %B %Y} was deleted.")
        return redirect(massage)
    return render(request, "tracker/checkin_confirm_delete.html", {"checkin": checkin})
