"""The main menu's "you are here": which item holds the page being shown.

``{% nav_current "history" %}`` writes ``aria-current="page"`` on the item that links to the
page itself, ``aria-current="true"`` on the item whose section holds it (a massage's charts are
under History), and nothing elsewhere. It reads only the resolved URL: no query.
"""

from django import template
from django.utils.html import format_html

register = template.Library()

# Section -> the URL names of the pages under it.
SECTIONS = {
    "dashboard": {"dashboard"},
    "checkin": {"checkin_create", "checkin_no_change", "checkin_update", "checkin_emergency"},
    "history": {"history_overview", "massage_history"},
    "report": {"massage_report"},
    "massage_create": {"massage_create"},
    "account": {
        "account",
        "account_country",
        "account_delete",
        "password_change",
        "password_change_done",
    },
}
# The page each item links to. "Check in" and "Report" lead to a massage's page through a
# redirect (views/shortcuts.py), so they mark their section, never "the page".
ITEM_PAGES = {
    "dashboard": "dashboard",
    "history": "history_overview",
    "massage_create": "massage_create",
    "stories": "story_list",
    "account": "account",
}
# Every page of the community app is under "Stories".
COMMUNITY_PREFIX = "community/"
# The items the phone's bar keeps under "More".
MORE = frozenset({"dashboard", "massage_create", "stories", "account"})


def _where(request):
    """(section, URL name) of the page shown; (None, ...) outside every section."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None, None
    if (match.route or "").startswith(COMMUNITY_PREFIX):
        return "stories", match.url_name
    for section, names in SECTIONS.items():
        if match.url_name in names:
            return section, match.url_name
    return None, match.url_name


@register.simple_tag(takes_context=True)
def nav_current(context, section):
    current, name = _where(context.get("request"))
    if current != section:
        return ""
    return format_html(' aria-current="{}"', "page" if ITEM_PAGES.get(section) == name else "true")


@register.simple_tag(takes_context=True)
def nav_in_more(context):
    """Whether the page is under the phone's "More", so that "More" can show it."""
    return _where(context.get("request"))[0] in MORE
