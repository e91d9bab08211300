"""Helpers the browser tests share: the phone's screen, and logging in through the login form
as a person does."""

PASSWORD = "a long walk on the beach 42"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def log_in(page, email, password=PASSWORD, then=None):
    """Fill in and send the login form; ``then`` is the page to come back to (``?next=``)."""
    page.goto(f"/accounts/login/?next={then}" if then else "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
