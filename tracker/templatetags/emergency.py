"""The emergency call button: the ambulance number of the person's country, on any page that
shows emergency advice (tracker.emergency_numbers)."""

from django import template

from ..emergency_numbers import emergency_call

register = template.Library()


@register.simple_tag(takes_context=True)
def emergency_call_for_user(context):
    """The ``EmergencyCall`` of the logged-in person (112 for anyone else)."""
    user = context.get("user")
    return emergency_call(getattr(user, "country", ""))


@register.inclusion_tag("tracker/_call_button.html", takes_context=True)
def call_button(context):
    """A large ``tel:`` link with the person's emergency number, and whose number it is."""
    return {"call": emergency_call_for_user(context)}
