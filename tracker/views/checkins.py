"""Check-ins: the staged form (create and edit), the one-tap copy, the page of one, delete."""

import uuid

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import page_cache, services
from ..checkin_draft import (
    STAGE_TITLES,
    DraftExpired,
    draft_from_checkin,
    draft_salt,
    empty_draft,
    load_draft,
    sign_draft,
)
from ..forms.checkin_stages import (
    MOVEMENT_SKIPPED,
    Stage,
    drop_unasked_answers,
    stages_for,
)
from ..models import CheckIn
from ..ownership import get_checkin_for_user, get_massage_for_user
from ..triage.screen import screen_red_flags

# One example code per level of the screen's advice (JavaScript reveals the one that fits as
# boxes are ticked): the same for every form, so worked out once.
ADVICE_VARIANTS = [
    screen_red_flags([code]) for code in ("face_droop", "new_unsteady_walking", "fever")
]
UNREADABLE = "This check-in form could not be read. Please start again."


def _render(request, massage, checkin, draft, stage, status=200):
    stages = stages_for(draft, massage)
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
        "confirm_date": draft["confirm_date"] and stage.name == "course",
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
    response = render(request, "tracker/checkin_form.html", context, status=status)
    # A copy of this page served from memory signs the draft again, with its own one-time id.
    salt = draft_salt(request.user, massage, checkin)
    page_cache.renew(response, context["draft_token"], "draft", draft, salt)
    return response


def _checkin_wizard(request, massage, checkin=None):
    if request.method == "GET":
        if checkin is not None:
            draft = draft_from_checkin(checkin)
        else:
            draft = empty_draft(max(timezone.localdate(), massage.date))
        name = _opening_stage(request, draft, massage, checkin)
        stage = Stage(name, draft, massage, checkin=checkin)
        return _render(request, massage, checkin, draft, stage)

    try:
        draft = load_draft(
            request.POST.get("draft", ""), user=request.user, massage=massage, checkin=checkin
        )
    except DraftExpired as expired:
        return _resume_expired(request, massage, checkin, expired.draft)
    if draft is None:
        messages.error(request, UNREADABLE)
        return redirect(request.path)
    name = _sent_stage(request, draft, massage)
    action = request.POST.get("action", "next")
    if action == "skip" and name == "movement":
        # Nothing typed on this stage is kept: skipping leaves every movement answer out.
        draft.update(MOVEMENT_SKIPPED)
        draft["edits"].pop(name, None)
        return _render(
            request, massage, checkin, draft, _neighbour(draft, massage, name, +1, checkin)
        )
    stage = Stage(name, draft, massage, data=request.POST, checkin=checkin)
    if not stage.is_valid():
        if action == "back":
            # Going back keeps what was typed here, errors and all: the draft carries it, and
            # this stage shows it again when the person comes back to it.
            draft["edits"][name] = stage.sent()
            back = _neighbour(draft, massage, name, -1, checkin)
            return _render(request, massage, checkin, draft, back)
        return _render(request, massage, checkin, draft, stage, status=400)
    stage.apply(draft)
    drop_unasked_answers(draft, massage)
    if name == "emergency" and action != "back" and _stops_for_emergency(draft, checkin):
        return _save_emergency(request, massage, draft, checkin)
    if action == "add_symptom" and name == "symptoms":
        stage = Stage(name, draft, massage, add_blank=True, checkin=checkin)
        return _render(request, massage, checkin, draft, stage)
    if action == "back":
        back = _neighbour(draft, massage, name, -1, checkin)
        return _render(request, massage, checkin, draft, back)
    if action == "save" and name == stages_for(draft, massage)[-1]:
        try:
            saved = services.checkin_save(massage=massage, draft=draft, checkin=checkin)
        except IntegrityError:
            if shown := _saved_already(request, draft, checkin):
                return shown
            # Otherwise only a race (the massage moved meanwhile) gets here; the form checks
            # the rest.
            messages.error(request, "The check-in could not be saved. Please check the date.")
            stage = Stage(name, draft, massage, checkin=checkin)
            return _render(request, massage, checkin, draft, stage, 400)
        messages.success(request, "Check-in updated." if checkin else "Check-in saved.")
        return redirect(saved)
    forward = _neighbour(draft, massage, name, +1, checkin)
    return _render(request, massage, checkin, draft, forward)


def _stops_for_emergency(draft, checkin):
    """Issue 12, point 4: a sign at stage 1 that calls for emergency care stops the check-in
    there and saves it, unless it was saved with those signs already (the person is adding
    the rest of it now)."""
    advice = screen_red_flags(draft["red_flags"])
    if advice is None or not advice.is_emergency:
        return False
    return checkin is None or bool(set(draft["red_flags"]) - set(checkin.red_flags))


def _save_emergency(request, massage, draft, checkin):
    """Save what is known (the signs, stage 1's doctor answer, the date; the rest as it was, or
    left out), assessed like any check-in, and show only the emergency."""
    try:
        saved = services.checkin_save(massage=massage, draft=draft, checkin=checkin)
    except IntegrityError:
        if shown := _saved_already(request, draft, checkin):
            return shown
        # Otherwise only a race (the massage moved meanwhile) gets here. The advice still
        # shows first.
        messages.error(request, "The check-in could not be saved. Get help first, then try again.")
        stage = _neighbour(draft, massage, "emergency", +1, checkin)
        return _render(request, massage, checkin, draft, stage, 400)
    return redirect("checkin_emergency", pk=saved.pk)


def _one_time_id(value):
    try:
        return str(uuid.UUID(str(value))) if value else None
    except ValueError:
        return None


def _saved_already(request, draft, checkin, elsewhere=None):
    """After a new check-in failed to save: the check-in its draft saved before (the draft's
    one-time id is taken: the same form sent again, or replayed from another session), or
    None when the save failed for another reason."""
    if checkin is not None:
        return None  # an edit writes its check-in again, under the id it has
    saved = (
        CheckIn.objects.filter(submission_id=draft["submission_id"])
        .values("pk", "massage__owner_id")
        .first()
    )
    if saved is None:
        return None
    if saved["massage__owner_id"] != request.user.pk:
        # Only a forged draft carries another person's id (a draft is signed for its person,
        # with an id of its own): it learns nothing of that check-in, which stays as it was.
        messages.error(request, UNREADABLE)
        return redirect(elsewhere or request.path)
    messages.info(request, "This check-in was already saved. Edit it if anything is different.")
    return redirect("checkin_assessment", pk=saved["pk"])


def _resume_expired(request, massage, checkin, draft):
    """A draft older than its 12 hours (``checkin_draft.MAX_AGE``): a check-in left open
    overnight. Nothing is lost and nothing is saved yet: the stage that was sent shows again
    with what was sent on it (the earlier stages' answers are in the draft), and the last
    stage asks to confirm the date, which may now be another day's.

    An emergency sign sent at stage 1 still stops and saves at once (issue 12, point 4):
    getting help comes before the date, which can be corrected when the rest is added.
    """
    draft["confirm_date"] = True
    name = _sent_stage(request, draft, massage)
    stage = Stage(name, draft, massage, data=request.POST, checkin=checkin)
    if name == "emergency" and request.POST.get("action") != "back" and stage.is_valid():
        stage.apply(draft)
        if _stops_for_emergency(draft, checkin):
            messages.warning(
                request,
                "This check-in was open for more than 12 hours: check its date when you add "
                "the rest.",
            )
            return _save_emergency(request, massage, draft, checkin)
    messages.warning(
        request,
        "This check-in was open for more than 12 hours. Nothing was lost, and nothing saved "
        "yet: check this step and go on.",
    )
    return _render(request, massage, checkin, draft, stage)


def _sent_stage(request, draft, massage):
    name = request.POST.get("stage")
    return name if name in stages_for(draft, massage) else "emergency"


def _opening_stage(request, draft, massage, checkin):
    """Stage 1, or for a saved check-in the stage its link asks for: the emergency page's "add
    the rest later" opens it at stage 2 (``?stage=symptoms``)."""
    name = request.GET.get("stage") if checkin is not None else None
    if name not in stages_for(draft, massage):
        return "emergency"
    if not draft["functions"]:
        # Stage 3 was never answered: it starts from the last answers given, as a new
        # check-in's does (spec/triage.md 10.5).
        draft["movement_done"] = False
    return name


def _neighbour(draft, massage, name, step, checkin):
    stages = stages_for(draft, massage)
    index = stages.index(name) if name in stages else 0
    target = stages[min(max(index + step, 0), len(stages) - 1)]
    return Stage(target, draft, massage, checkin=checkin)


@never_cache
@require_http_methods(["GET", "POST"])
@page_cache.private_page
def checkin_create(request, pk):
    massage = get_massage_for_user(request.user, pk)
    return _checkin_wizard(request, massage)


@never_cache
@require_http_methods(["GET", "POST"])
@page_cache.private_page
def checkin_update(request, pk):
    checkin = get_checkin_for_user(request.user, pk)
    return _checkin_wizard(request, checkin.massage, checkin)


@require_POST
def checkin_no_change(request, pk):
    massage = get_massage_for_user(request.user, pk)
    # The button's one-time id: the same tap sent twice (a double tap, a resent form) saves
    # one check-in. A form without one (an old page) still works, as it did.
    submission_id = _one_time_id(request.POST.get("submission_id"))
    draft = {"submission_id": submission_id}
    try:
        copied = services.checkin_copy_previous(
            massage=massage,
            date=max(timezone.localdate(), massage.date),
            submission_id=submission_id,
        )
    except IntegrityError:
        if shown := _saved_already(request, draft, None, elsewhere=massage):
            return shown
        raise
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
