"""The fixtures every test shares (tests/conftest.py): the three personas (owner, other user,
anonymous), a massage and check-ins for the one page that reads them (sharing a story offers
the person's own matched patterns), fast password hashing and an empty cache."""

from tests.conftest import *  # noqa: F403
