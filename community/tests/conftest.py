"""The fixtures every test shares (tests/conftest.py): the three personas (owner, other user,
anonymous), a massage and check-ins for the one page that reads them (sharing a story offers
the person's own matched patterns), fast password hashing and an empty cache."""

import pytest

from tests.conftest import *  # noqa: F403

# A star import leaves out names that start with an underscore: the autouse fixtures by name.
from tests.conftest import _empty_cache, _fast_password_hashing  # noqa: F401


@pytest.fixture
def moderator(make_user):
    """A member of staff (test_moderation_admin's moderator is in the moderators group too)."""
    return make_user("moderator@example.com", is_staff=True)
