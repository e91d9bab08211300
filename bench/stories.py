"""The bench's community: approved stories with their moderator's decisions, stories waiting
in the queue (one in ten with a personal detail for the scanner), replies, and reports.

Texts are put together from sentences so that stories differ in length and words.
"""

import datetime

from community.models import ContentReport, ModerationDecision, ModerationStatus, Reply, Story
from tracker.triage import vocabulary as v

TITLES = [
    "My arm would not lift after a deep-tissue massage",
    "Ordinary soreness, and how I knew",
    "Speak up when the pressure is too much",
    "Numb fingers after a chair massage",
    "A stiff neck that took a month to settle",
    "Tingling down the arm after a sports massage",
    "What the nerve test showed",
    "Back to swimming after six months",
]
SENTENCES = [
    "Two days after a very firm massage on the left side of my neck I could not lift my arm.",
    "My shoulder blade stuck out when I pushed against a wall.",
    "The ache was worst in the evening and eased with warmth and gentle movement.",
    "My doctor sent me for a nerve test (EMG) at four weeks.",
    "Physiotherapy twice a week helped more than I expected.",
    "Logging it every day helped me stop worrying and see that it was getting better.",
    "I felt a sharp, electric pain during the massage and said nothing; next time I will.",
    "The tingling in my fingers lasted three weeks and then faded.",
    "It was ordinary soreness: tender to press, gone by day four.",
    "Six months later I can lift my arm again, though it tires quickly.",
    "Ask the therapist to use less pressure near the side of the neck.",
    "I kept a note of the days when it was worse, which helped at the doctor's.",
]
PERSONAL_DETAILS = [
    "Dr. Smith at Serenity Spa said it would pass; call me on 555-0134 if you had the same.",
    "Write to me at jo.bloggs@example.com if you want the name of my physiotherapist.",
    "The clinic on 12 Harbour Street was very kind about it.",
]
REPLY_TEXTS = [
    "The same happened to me; a physiotherapist helped.",
    "Thank you for sharing this. Mine took four months to settle.",
    "Did the nerve test hurt? I have mine next week.",
    "I had the tingling too, and it went away by itself after a few weeks.",
]
REPORT_REASONS = list(ContentReport.REASONS)


class Community:
    """Stories, replies, reports and the decision log; ``rng`` is the seeder's, ``batch`` rows
    go in one INSERT."""

    def __init__(self, *, rng, now, batch):
        self.rng = rng
        self.now = now
        self.batch = batch

    def _text(self, sentences):
        return " ".join(self.rng.sample(SENTENCES, sentences))

    def stories(self, authors, moderator, count, status):
        approved = status == ModerationStatus.APPROVED
        span = 3 * 365 * 24 if approved else 30 * 24  # hours back: three years, or a month
        rows = []
        for number in range(count):
            submitted = self.now - datetime.timedelta(hours=self.rng.randrange(2, span))
            body = "\n\n".join(self._text(self.rng.randrange(2, 5)) for _ in range(3))
            if not approved and number % 10 == 0:
                body += " " + self.rng.choice(PERSONAL_DETAILS)
            rows.append(
                Story(
                    author=self.rng.choice(authors),
                    title=f"{self.rng.choice(TITLES)} ({number + 1})",
                    body=body,
                    massage_type=self.rng.choice(list(v.MASSAGE_TYPES)),
                    patterns=self.rng.sample(list(v.PATTERN_IDS), self.rng.randrange(0, 3)),
                    consent_anonymous=True,
                    status=status,
                    submitted_at=submitted,
                    created_at=submitted,
                    **self._decision(moderator, submitted) if approved else {},
                )
            )
        saved = Story.objects.bulk_create(rows, batch_size=self.batch)
        if approved:
            self._decisions(moderator, "story", saved)
        return saved

    def _decision(self, moderator, submitted):
        decided = min(self.now, submitted + datetime.timedelta(hours=self.rng.randrange(1, 48)))
        return {"decided_by": moderator, "decided_at": decided, "version": 2}

    def _decisions(self, moderator, field, items):
        ModerationDecision.objects.bulk_create(
            [
                ModerationDecision(
                    moderator=moderator,
                    moderator_email=moderator.email,
                    action="approve",
                    created_at=item.decided_at,
                    **{field: item},
                )
                for item in items
            ],
            batch_size=self.batch,
        )

    def replies(self, authors, moderator, stories, count, *, conversation):
        if not stories or not count:
            return
        # The newest story gets a conversation of its own; the rest spread over the others.
        newest = max(stories, key=lambda story: (story.decided_at, story.pk))
        others = [story for story in stories if story is not newest] or [newest]
        targets = [newest] * min(conversation, count)
        targets += [self.rng.choice(others) for _ in range(count - len(targets))]
        rows = []
        for story in targets:
            submitted = story.decided_at + datetime.timedelta(hours=self.rng.randrange(1, 200))
            submitted = min(submitted, self.now)
            rows.append(
                Reply(
                    story=story,
                    author=self.rng.choice(authors),
                    body=self.rng.choice(REPLY_TEXTS),
                    status=ModerationStatus.APPROVED,
                    submitted_at=submitted,
                    created_at=submitted,
                    **self._decision(moderator, submitted),
                )
            )
        self._decisions(moderator, "reply", Reply.objects.bulk_create(rows, batch_size=self.batch))

    def reports(self, authors, stories, count):
        pairs = set()
        while stories and len(pairs) < min(count, len(authors) * len(stories)):
            pairs.add((self.rng.randrange(len(authors)), self.rng.randrange(len(stories))))
        ContentReport.objects.bulk_create(
            [
                ContentReport(
                    reporter=authors[a],
                    story=stories[s],
                    reason=self.rng.choice(REPORT_REASONS),
                    created_at=stories[s].decided_at + datetime.timedelta(hours=1),
                )
                for a, s in sorted(pairs)
            ],
            batch_size=self.batch,
        )
