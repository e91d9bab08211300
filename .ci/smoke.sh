#!/usr/bin/env bash
# Production smoke test: the app under gunicorn with production settings on a fresh PostgreSQL
# database, after migrate and collectstatic; fetches the landing page, the login page, a static
# file and /healthz over HTTP and checks the security headers. Prints PASS/FAIL per check and
# exits non-zero if any check failed.
#
# SECURE_SSL_REDIRECT=false: there is no TLS proxy on loopback, so plain HTTP must be answered
# rather than redirected. HSTS is only sent on requests Django sees as secure, so that check sends
# `X-Forwarded-Proto: https`, which SECURE_PROXY_SSL_HEADER trusts (as behind a real proxy).
set -euo pipefail

cd "$(dirname "$0")/.."

PGHOST_ARGS=(-h 127.0.0.1 -U postgres)
DB_NAME=${SMOKE_DB_NAME:-massagecare_smoke}
BIN=.venv/bin
WORK=$(mktemp -d)
GUNICORN_PID=""
FAILURES=0
PASSES=0

cleanup() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill "$GUNICORN_PID" 2>/dev/null || true
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
    dropdb "${PGHOST_ARGS[@]}" --if-exists "$DB_NAME" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

pass() {
    PASSES=$((PASSES + 1))
    printf 'PASS  %s\n' "$*"
}

fail() {
    FAILURES=$((FAILURES + 1))
    printf 'FAIL  %s\n' "$*"
}

# check DESCRIPTION COMMAND...: PASS when the command succeeds.
check() {
    local description=$1
    shift
    if "$@"; then pass "$description"; else fail "$description"; fi
}

export DEBUG=false
SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=false
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
export STATIC_ROOT="$WORK/static"
export AXES_ENABLED=true

echo "Fresh database $DB_NAME"
dropdb "${PGHOST_ARGS[@]}" --if-exists "$DB_NAME" 2>/dev/null
createdb "${PGHOST_ARGS[@]}" "$DB_NAME"

echo "manage.py check --deploy, migrate, collectstatic into $STATIC_ROOT"
# check --deploy with the real production default (redirect to HTTPS): the loopback exception
# below would, rightly, be its only warning.
SECURE_SSL_REDIRECT=true "$BIN/python" manage.py check --deploy --fail-level WARNING
"$BIN/python" manage.py migrate --no-input >"$WORK/migrate.log"
"$BIN/python" manage.py collectstatic --no-input >"$WORK/collectstatic.log"

PORT=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
echo "gunicorn massagecare.wsgi on $BASE"
timeout 300 "$BIN/gunicorn" massagecare.wsgi --bind "127.0.0.1:$PORT" --workers 2 \
    --timeout 30 --error-logfile "$WORK/gunicorn.log" &
GUNICORN_PID=$!

for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
    if ! kill -0 "$GUNICORN_PID" 2>/dev/null; then
        cat "$WORK/gunicorn.log"
        echo "FAIL  gunicorn exited before answering"
        exit 1
    fi
    sleep 0.5
done

# fetch NAME PATH [curl args...]: headers into $WORK/NAME.headers, body into $WORK/NAME.body,
# status code into $WORK/NAME.status.
fetch() {
    local name=$1 path=$2
    shift 2
    curl -sS --max-time 20 -D "$WORK/$name.headers" -o "$WORK/$name.body" \
        -w '%{http_code}' "$@" "$BASE$path" >"$WORK/$name.status" || echo 000 >"$WORK/$name.status"
}

status_is() {
    [ "$(cat "$WORK/$1.status")" = "$2" ]
}

# header NAME HEADER: the header's value (case-insensitive name, CR stripped).
header() {
    grep -i "^$2:" "$WORK/$1.headers" | head -n 1 | cut -d: -f2- | sed 's/^ *//' | tr -d '\r'
}

header_matches() {
    header "$1" "$2" | grep -Eq "$3"
}

header_lacks() {
    ! header "$1" "$2" | grep -Fq "$3"
}

csp_only_self_and_none() {
    local sources
    sources=$(header landing Content-Security-Policy | tr ';' '\n' | awk '{$1=""; print}' |
        tr ' ' '\n' | grep -v '^$' | sort -u)
    [ -n "$sources" ] && ! printf '%s\n' "$sources" | grep -Evq "^'(self|none)'$"
}

fetch landing /
check "GET / answers 200" status_is landing 200
check "CSP present with only 'self' and 'none'" csp_only_self_and_none
check "CSP has no unsafe-inline" header_lacks landing Content-Security-Policy unsafe-inline
check "X-Frame-Options: DENY" header_matches landing X-Frame-Options '^DENY$'
check "X-Content-Type-Options: nosniff" header_matches landing X-Content-Type-Options '^nosniff$'
check "Referrer-Policy set" header_matches landing Referrer-Policy '.'
check "Permissions-Policy turns off camera, microphone, geolocation" \
    header_matches landing Permissions-Policy 'camera=\(\).*microphone=\(\).*geolocation=\(\)'
check "Cross-Origin-Opener-Policy: same-origin" \
    header_matches landing Cross-Origin-Opener-Policy '^same-origin$'
check "no traceback or debug page" bash -c "! grep -q 'Traceback' '$WORK/landing.body'"

fetch landing_https / -H "X-Forwarded-Proto: https"
check "HSTS over HTTPS (X-Forwarded-Proto)" \
    header_matches landing_https Strict-Transport-Security '^max-age=[1-9][0-9]{6,}'

fetch login /accounts/login/
check "GET /accounts/login/ answers 200" status_is login 200
check "login page is not cached" header_matches login Cache-Control 'no-store'

CSS_PATH=$(grep -Eo '/static/css/site\.[0-9a-f]{12}\.css' "$WORK/landing.body" | head -n 1 || true)
check "landing page links a hashed site.css ($CSS_PATH)" test -n "$CSS_PATH"
if [ -n "$CSS_PATH" ]; then
    fetch css "$CSS_PATH"
    check "GET $CSS_PATH answers 200" status_is css 200
    check "static file cached for a long time" \
        header_matches css Cache-Control 'max-age=[0-9]{7,}.*immutable|immutable.*max-age=[0-9]{7,}'
fi

fetch healthz /healthz
check "GET /healthz answers 200" status_is healthz 200
check "/healthz says ok" grep -q '"status": "ok"' "$WORK/healthz.body"
check "/healthz is not cached" header_matches healthz Cache-Control 'no-store'

fetch private /dashboard/
check "GET /dashboard/ anonymously redirects to log in (302)" status_is private 302

printf '\nSmoke test: %d passed, %d failed\n' "$PASSES" "$FAILURES"
if [ "$FAILURES" -ne 0 ]; then
    echo "gunicorn log:"
    cat "$WORK/gunicorn.log"
    echo "SMOKE TEST FAILED"
    exit 1
fi
echo "SMOKE TEST PASSED"
