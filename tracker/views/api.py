"""The JSON API: POST /api/assess runs the triage engine on one case (spec/triage.md 1).

Anyone may call it, and it stores nothing: the case goes in, the assessment comes out. Every
refusal is JSON too, ``{"errors": [{"path", "message"}, ...]}``, so a client reads one shape.
Each client address may call it ``settings.RATE_LIMITS["api"]`` times a minute, so that no one
client can keep the workers busy.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, UnreadablePostError
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from tracker import ratelimit
from tracker.client import client_address
from tracker.triage import CaseError, assess_or_series
from tracker.triage.contract import load_json

MAX_BODY_BYTES = 256 * 1024
# "series": true answers one assessment per check-in (spec/triage.md 10.7, 12.14): a year of
# daily check-ins at most, so that a small request can't ask for megabytes of answers.
MAX_SERIES_LOGS = 366
JSON_TYPE = "application/json"


def _json_response(payload, status=200, **headers):
    # "<", ">" and "&" only occur inside JSON strings, so their \u escapes keep the same value
    # while no echoed "<script>" can ever reach a client that sniffs or embeds the body.
    body = (
        json.dumps(payload).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    response = HttpResponse(body, status=status, content_type=JSON_TYPE)
    for name, value in headers.items():
        response[name] = value
    return response


def _refuse(status, message, **headers):
    return _json_response({"errors": [{"path": "", "message": message}]}, status, **headers)


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # unreadable: the real body length below still decides


# csrf_exempt is safe here, and only here: the view reads no cookie or session and stores
# nothing, so a forged request could do no more than the attacker can do with their own client;
# and it takes only application/json, which a cross-site HTML form cannot send (a script on
# another site can only send it after a CORS preflight, which this site never answers).
@csrf_exempt
@login_not_required
@never_cache
def assess(request):
    """One case in (section 3), its assessment out (section 4), or with ``"series": true`` the
    assessment of every prefix of its check-ins (10.7); 400 or 413 for bad input."""
    # Counted before anything is read, so a flood costs one cache update a request.
    verdict = ratelimit.hit("api", ratelimit.address_key(client_address(request)))
    if not verdict.allowed:
        return _refuse(
            429,
            f"Too many requests from your address: try again in {verdict.retry_after} seconds.",
            **{"Retry-After": str(verdict.retry_after)},
        )
    # Like @require_POST, but the refusal is JSON as well.
    if request.method != "POST":
        return _refuse(405, "Use POST.", Allow="POST")
    charset = request.content_params.get("charset", "utf-8").lower()
    if request.content_type.lower() != JSON_TYPE or charset not in ("utf-8", "utf8"):
        return _refuse(400, "Send the case as JSON with the header Content-Type: application/json.")
    if _declared_length(request) > MAX_BODY_BYTES:
        return _refuse(413, f"The case is larger than {MAX_BODY_BYTES // 1024} KB.")
    # request.read, not request.body: it reads at most one byte past the limit whatever the
    # Content-Length says (chunked uploads have none), and is not bound to the site-wide
    # DATA_UPLOAD_MAX_MEMORY_SIZE, so RequestDataTooBig cannot arise.
    try:
        body = request.read(MAX_BODY_BYTES + 1)
    except UnreadablePostError:
        return _refuse(400, "The request body could not be read.")
    if len(body) > MAX_BODY_BYTES:
        return _refuse(413, f"The case is larger than {MAX_BODY_BYTES // 1024} KB.")
    data, errors = load_json(body)
    if errors:
        return _json_response({"errors": errors}, 400)
    try:
        return _json_response(assess_or_series(data, max_series=MAX_SERIES_LOGS))
    except CaseError as error:
        return _json_response({"errors": error.errors}, 400)
