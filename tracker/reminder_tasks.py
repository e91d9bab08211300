"""The reminder mail, sent outside the request and the command (django-tasks; settings.TASKS),
tried again when the mail server fails (tracker/mail.py).

The task carries only the reminder's id: the row says whom to mail, and claiming it
(tracker/reminders.py) makes a task run twice, or two workers at once, mail it once.
"""

from tracker import reminders
from tracker.mail import mail_task


@mail_task
def send_reminder(*, reminder_id):
    reminders.send(reminder_id)
