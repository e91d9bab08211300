"""Check-ins: the staged form (create and edit), the one-tap copy, the page of one, delete."""

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
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
from ..triage.screen import screen_red_flags


class Stage:
    """The forms of one stage, bound to POST data or filled from the draft."""

    def __init__(self, name, draft, massage, data=None, add_blank=False):
        self.name = name
        self.massage = massage
        self.forms = {}
        if name == "emergency":
            self.forms["main"] = RedFlagForm(data, initial={"red_flags": draft["red_flags"]})
        elif name == "symptoms":
            self.forms["symptoms"] = symptom_formset(data, draft["symptoms"], add_blank=add_blank)
        elif name == "movement":
            self.side_fields, shared_fields = asked_function_fields(
                involved_regions(draft, massage)
            )
            for side in v.LATERAL_SIDES:
                self.forms[side] = SideFunctionForm(
                    data,
                    prefix=side,
                    asked=self.side_fields,
                    initial=draft["functions"].get(side, {}),
                )
            self.forms["shared"] = SharedFunctionForm(
                data, asked=shared_fields, initial={f: draft[f] for f in shared_fields}
            )
        else:
            self.forms["main"] = CourseForm(
                data,
                massage=massage,
                initial={
                    k: draft[k] for k in ("course", "date", "seen_doctor", "emg_done", "notes")
                },
            )

    def is_valid(self):
        # Every form is validated (no short cut), so every error shows at once.
        results = [form.is_valid() for form in self.forms.values()]
        return all(results)

    def apply(self, draft):
        """Write this stage's cleaned answers into the draft."""
        if self.name == "emergency":
            draft["red_flags"] = self.forms["main"].cleaned_data["red_flags"]
        elif self.name == "symptoms":
            draft["symptoms"] = self.forms["symptoms"].symptoms()
        elif self.name == "movement":
            functions = {side: self.forms[side].answers() for side in v.LATERAL_SIDES}
            draft["functions"] = {side: a for side, a in functions.items() if a}
            shared = self.forms["shared"].cleaned_data
            draft["weakness_type"] = shared.get("weakness_type", "")
            for name in ("neck_move_or_cough_provokes_arm", "overhead_or_dangling_provokes"):
                draft[name] = bool(shared.get(name))
        else:
            data = self.forms["main"].cleaned_data
            draft.update(
                course=data["course"],
                date=data["date"].isoformat(),
                seen_doctor=data["seen_doctor"],
                emg_done=data["emg_done"],
                notes=data["notes"],
            )

    # Follow-up questions, shown (with JavaScript) only when their question was ticked.
    DEPENDS_ON = {"blade_visible_when": "blade_sticks_out", "limb_swollen_with": "limb_swollen"}

    def movement_rows(self):
        """Stage 3's per-side questions, each with its left and right answer fields."""
        rows = []
        for name in self.side_fields:
            field = self.forms["left"].fields[name]
            rows.append(
                {
                    "name": name,
                    "label": field.label,
                    "kind": type(field.widget).__name__,
                    "depends_on": self.DEPENDS_ON.get(name, ""),
                    "sides": [
                        {"label": "Your left", "field": self.forms["left"][name]},
                        {"label": "Your right", "field": self.forms["right"][name]},
                    ],
                }
            )
        return rows


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
        context["red_flag_groups"] = [
            {
                "group": group,
                "codes": [
                    {
                        "code": code,
                        "label": text,
                        "urgency": URGENCY[code],
                        "checked": code in draft["red_flags"],
                    }
                    for code, text in group.codes.items()
                ],
            }
            for group in v.RED_FLAG_GROUPS
        ]
    if stage.name == "movement":
        context["movement_rows"] = stage.movement_rows()
    return render(request, "tracker/checkin_form.html", context, status=status)


def _checkin_wizard(request, massage, checkin=None):
    if request.method == "GET":
        if checkin is not None:
            draft = draft_from_checkin(checkin)
        else:
            draft = empty_draft(max(timezone.localdate(), massage.date))
        return _render(request, massage, checkin, draft, Stage("emergency", draft, massage))

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
    stage = Stage(name, draft, massage, data=request.POST)
    if not stage.is_valid():
        if action == "back":
            # Going back keeps what was there before this stage; nothing typed here is lost
            # that was not already invalid.
            return _render(request, massage, checkin, draft, _neighbour(draft, massage, name, -1))
        return _render(request, massage, checkin, draft, stage, status=400)
    stage.apply(draft)
    _drop_unasked_answers(draft, massage)
    if action == "add_symptom" and name == "symptoms":
        return _render(
            request, massage, checkin, draft, Stage(name, draft, massage, add_blank=True)
        )
    if action == "back":
        return _render(request, massage, checkin, draft, _neighbour(draft, massage, name, -1))
    if action == "save" and name == _stages_for(draft, massage)[-1]:
        try:
            saved = services.checkin_save(massage=massage, draft=draft, checkin=checkin)
        except IntegrityError:
            # Only a race (the massage moved meanwhile) gets here; the form checks the rest.
            messages.error(request, "The check-in could not be saved. Please check the date.")
            return _render(request, massage, checkin, draft, Stage(name, draft, massage), 400)
        messages.success(request, "Check-in updated." if checkin else "Check-in saved.")
        return redirect(saved)
    return _render(request, massage, checkin, draft, _neighbour(draft, massage, name, +1))


def _neighbour(draft, massage, name, step):
    stages = _stages_for(draft, massage)
    index = stages.index(name) if name in stages else 0
    target = stages[min(max(index + step, 0), len(stages) - 1)]
    return Stage(target, draft, massage)


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
