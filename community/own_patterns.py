"""The one door from the community to the health records: the patterns a person's own check-ins
matched, offered (never added) when they share a story.

It reads the rule ids of the person's own check-ins and nothing else, and only for the person
sharing. No other community module may import a health record: community/tests/test_boundary.py
walks every import and names this module as the only exception.
"""

from tracker.models import CheckIn
from tracker.triage import vocabulary as v


def matched_patterns(user):
    """The PAT-* patterns the person's own check-ins matched, in the engine's order."""
    fired = set()
    for rule_ids in CheckIn.objects.owned_by(user).values_list("rule_ids", flat=True):
        fired.update(rule_ids or ())
    return [code for code in v.PATTERN_IDS if code in fired]
