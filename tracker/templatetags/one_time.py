"""``{% one_time_id %}``: a fresh id for a form that saves a record in one tap ("no change since
last time"), so the same form sent twice saves once (the check-in keeps it, unique)."""

import uuid

from django import template

register = template.Library()


@register.simple_tag
def one_time_id():
    return str(uuid.uuid4())
