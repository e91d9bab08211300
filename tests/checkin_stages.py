"""Walking the staged check-in form (emergency, symptoms, movement, course) from a test.

Each stage is a page with the draft and the stage name in hidden fields; the next POST sends
them back with the stage's answers and the button pressed (``action``).
"""

import re


def hidden(response, name):
    """The value of the hidden field ``name`` on the page."""
    return re.search(rf'name="{name}" value="([^"]+)"', response.content.decode()).group(1)


def stage(response):
    """The stage the page shows."""
    return hidden(response, "stage")


def post_stage(client, url, response, action="next", **fields):
    """Answer the stage ``response`` shows with ``fields`` and press ``action``."""
    data = {"draft": hidden(response, "draft"), "stage": stage(response), "action": action}
    return client.post(url, {**data, **fields})


def symptom_rows(*symptoms):
    """The symptom stage's formset: one row per dict of answers (``{}`` is a blank row)."""
    data = {
        "symptom-TOTAL_FORMS": str(len(symptoms)),
        "symptom-INITIAL_FORMS": "0",
        "symptom-MIN_NUM_FORMS": "0",
        "symptom-MAX_NUM_FORMS": "40",
    }
    for index, answers in enumerate(symptoms):
        data.update({f"symptom-{index}-{name}": value for name, value in answers.items()})
    return data


def post_symptoms(client, url, *symptoms, action="next", **emergency):
    """From the start: the emergency stage with ``emergency`` (no sign unless given), then the
    symptom stage with ``symptoms``; returns the answer to the symptom stage."""
    response = post_stage(client, url, client.get(url), **emergency)
    return post_stage(client, url, response, action=action, **symptom_rows(*symptoms))
