"""``{% symptom_place_map form massage %}``: the body map over one symptom's place.

It sets the entry's region <select> and side radios (``tracker.body_map``, mode "place"); the
massage's places choose the close-up that opens when the entry has no place yet. An entry that
has a place shows its map folded.
"""

from django import template
from django.utils.html import format_html

from .. import body_map

register = template.Library()


@register.simple_tag
def symptom_place_map(form, massage):
    region, side = form["region"].value(), form["side"].value()
    chosen = []
    if region and side in ("left", "right", "midline"):
        chosen = [f"{region}:{side}"]
    elif region and side == "both":
        chosen = [f"{region}:left", f"{region}:right"]
    html = body_map.render(
        map_id=f"{form.prefix}-map",
        mode="place",
        chosen=chosen,
        bind={"region": form["region"].auto_id, "side": form["side"].html_name},
        default_view="front",
        hint_values=[f"{entry['region']}:{entry['side']}" for entry in massage.regions],
    )
    if not chosen:
        return html
    # An entry that has its place (last time's, or one sent back with an error) keeps the page
    # short: its map folds, a tap away.
    return format_html(
        '<details class="bm-fold"><summary>Show the place on the body map</summary>{}</details>',
        html,
    )
