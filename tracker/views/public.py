"""Public pages: what a visitor sees before logging in."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def landing(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "tracker/landing.html")
