"""Helpers the test modules share: a check-in saved straight through the service, and the checks
every page test makes (what the page shows, where an anonymous visitor is sent)."""

import datetime

from django.urls import reverse

from tracker import services
from tracker.checkin_draft import empty_draft

# A left shoulder with a winging blade and weakness even when the pain is mild: the answers
# that set off PAT-SAN (the spinal accessory nerve) and its "see a doctor, ask about an EMG".
SAN_LEFT = {
    "symptoms": [
        {"kind": "ache", "region": "shoulder_top", "side": "left", "nprs": 3, "at_rest": True}
    ],
    "functions": {
        "left": {
            "arm_side_lift": "great_effort",
            "blade_sticks_out": True,
            "blade_visible_when": "lifting_sideways",
        }
    },
    "weakness_type": "weak_even_when_pain_mild",
    "course": "same",
}


def save_checkin(massage, day, **answers):
    """A check-in ``day`` days after ``massage`` with ``answers``, saved (and assessed) by the
    service the check-in form uses."""
    draft = empty_draft(massage.date + datetime.timedelta(days=day))
    draft.update(answers)
    return services.checkin_save(massage=massage, draft=draft)


def page_html(response, status=200):
    """The HTML of ``response``, once it answered with ``status``."""
    assert response.status_code == status
    return response.content.decode()


def assert_shows(html, *texts):
    """Every one of ``texts`` is on the page."""
    missing = [text for text in texts if text not in html]
    assert not missing, f"not on the page: {missing}"


def assert_hides(html, *texts):
    """None of ``texts`` is on the page."""
    present = [text for text in texts if text in html]
    assert not present, f"on the page but should not be: {present}"


def assert_sent_to_log_in(response, url):
    """``response`` sends an anonymous visitor to the login page, to come back to ``url``."""
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
