"""The assessment a person sees after every check-in, and their "this doesn't fit me"."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..assessment_display import present
from ..assessments import checkins_for_evidence, reassess_massage
from ..case_export import massage_case
from ..forms.assessments import PatternFeedbackForm
from ..history_cache import cached, history_facts
from ..models import CheckIn, PatternFeedback
from ..ownership import get_checkin_for_user, get_massage_for_user
from ..page_cache import private_page
from ..triage import vocabulary as v
from ..triage.screen import CALL_EMERGENCY, advice_for_action, screen_red_flags
from ..triage.texts import DISCLAIMER


def _render_assessment(request, checkin, feedback_form=None, status=200):
    massage = checkin.massage
    if checkin.assessment is None:
        reassess_massage(massage, since=checkin.date)
        checkin.refresh_from_db()
    if checkin.assessment is None:
        return render(request, "tracker/assessment_unavailable.html", {"checkin": checkin})
    # What the page shows of the assessment depends on this check-in (its result and its
    # feedback) and the ones before it: it is kept until the massage's check-ins change. The
    # key also holds the version of the check-in in hand, read before the facts.
    facts = history_facts(massage, after=checkin)
    kind = f"assessment:{checkin.pk}:{checkin.updated_at.isoformat()}"
    p = cached(kind, massage, facts, lambda: _presented(checkin))
    context = {
        "checkin": checkin,
        "massage": massage,
        "is_latest": facts["later"] == 0,
        "p": p,
        "feedback_form": feedback_form,
    }
    return render(request, "tracker/assessment.html", context, status=status)


def _presented(checkin):
    """What the page shows of ``checkin``'s stored result.

    The case's logs end at this check-in, as the engine's did when it judged it, so evidence
    naming ``logs[-1]``, ``logs[-3]`` reads the same check-ins, whatever came after.
    """
    evidence = [item for entry in checkin.assessment["fired"] for item in entry["evidence"]]
    history = checkins_for_evidence(checkin, evidence)
    case = massage_case(checkin.massage, history, as_of=checkin.date)
    return present(checkin.assessment, case, checkin.feedback.all())


@never_cache
@require_GET
@private_page
def checkin_assessment(request, pk):
    return _render_assessment(request, get_checkin_for_user(request.user, pk))


@never_cache
@require_GET
def massage_assessment(request, pk):
    """The assessment of the massage's latest check-in."""
    massage = get_massage_for_user(request.user, pk)
    latest = massage.checkins.order_by("-date", "-created_at", "-id").first()
    if latest is None:
        messages.info(request, "There is no check-in to assess yet. Tell us how you feel.")
        return redirect("checkin_create", pk=massage.pk)
    return redirect("checkin_assessment", pk=latest.pk)


def emergency_advice(checkin):
    """The emergency a check-in calls for, or None: the engine's action, or the red-flag
    screen's when it is more urgent (never under-triage, spec/triage.md 7.1)."""
    actions = set()
    if checkin.assessment and checkin.assessment.get("level") == "EMERGENCY_NOW":
        actions.add(checkin.assessment.get("action"))
    screened = screen_red_flags(checkin.red_flags)
    if screened is not None and screened.is_emergency:
        actions.add(screened.action)
    actions.discard(None)
    if not actions:
        return None
    return advice_for_action(CALL_EMERGENCY if CALL_EMERGENCY in actions else actions.pop())


@never_cache
@require_GET
def checkin_emergency(request, pk):
    """The page after a red flag at the first stage of a check-in (issue 12, point 4): only the
    emergency, with the call button; the check-in is already saved and assessed, and the rest
    of it can be added later. Other patterns wait under "For later"."""
    checkin = get_checkin_for_user(request.user, pk)
    advice = emergency_advice(checkin)
    if advice is None:
        return redirect(checkin)
    patterns = _presented(checkin)["patterns"] if checkin.assessment else []
    now = [p for p in patterns if p["entry"].get("level") == "EMERGENCY_NOW"]
    context = {
        "checkin": checkin,
        "massage": checkin.massage,
        "advice": advice,
        "signs": [v.label(v.RED_FLAGS, code) for code in checkin.red_flags],
        "now": now,
        "later": [p for p in patterns if p not in now],
        "disclaimer": (checkin.assessment or {}).get("disclaimer") or DISCLAIMER,
        "has_answers": checkin.symptoms.exists() or checkin.functions.exists(),
    }
    return render(request, "tracker/checkin_emergency.html", context)


@require_POST
def assessment_feedback(request, pk):
    """Store or withdraw "this doesn't fit me" for one pattern; the level does not change."""
    checkin = get_checkin_for_user(request.user, pk)
    form = PatternFeedbackForm(request.POST)
    fired = {
        (entry["id"], entry.get("side") or "")
        for entry in (checkin.assessment or {}).get("fired", [])
    }
    if not form.is_valid():
        return _render_assessment(request, checkin, feedback_form=form, status=400)
    key = (form.cleaned_data["rule_id"], form.cleaned_data["side"])
    if key not in fired:
        messages.error(request, "That pattern is not part of this assessment any more.")
        return redirect("checkin_assessment", pk=checkin.pk)
    if form.cleaned_data["action"] == "remove":
        PatternFeedback.objects.filter(checkin=checkin, rule_id=key[0], side=key[1]).delete()
        messages.success(request, "Your “doesn't fit me” was taken back.")
    else:
        PatternFeedback.objects.update_or_create(
            checkin=checkin,
            rule_id=key[0],
            side=key[1],
            defaults={"note": form.cleaned_data["note"]},
        )
        messages.success(
            request,
            "Thank you: we noted that this doesn't fit you. The advice stays the same; tell "
            "your doctor what doesn't fit.",
        )
    # The report shows the feedback: a new updated_at is a new version of its cached record.
    CheckIn.objects.filter(pk=checkin.pk).update(updated_at=timezone.now())
    anchor = f"#pattern-{key[0]}-{key[1] or 'both'}".lower()
    return redirect(reverse("checkin_assessment", args=[checkin.pk]) + anchor)
