"""Personal details in a community story, found before a moderator approves it (issue 5)."""

import dataclasses
import random
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from bench.bench_pii import ADVERSARIAL
from community.pii import Finding, find_personal_details, highlight_html, scrub

# (story text, kind expected, the exact text that must be found)
FOUND = [
    # The issue's own example, one detail at a time.
    ("Dr. Smith at Serenity Spa, call 555-0134", "name", "Smith"),
    ("Dr. Smith at Serenity Spa, call 555-0134", "place", "Serenity Spa"),
    ("Dr. Smith at Serenity Spa, call 555-0134", "phone", "555-0134"),
    # Emails, plain and spelled out.
    ("email me at anna.smith@example.com please", "email", "anna.smith@example.com"),
    ("Contact me: sarah_jones99@gmail.com.", "email", "sarah_jones99@gmail.com"),
    ("zoë@exämple.de wrote back", "email", "zoë@exämple.de"),
    ("write to anna at gmail dot com", "email", "anna at gmail dot com"),
    ("anna [at] serenityspa [dot] co [dot] uk", "email", "anna [at] serenityspa [dot] co [dot] uk"),
    ("anna(at)gmail(dot)com", "email", "anna(at)gmail(dot)com"),
    ("reach her on bliss (at) spa.com", "email", "bliss (at) spa.com"),
    # Phone numbers.
    ("Call +44 20 7946 0958 today", "phone", "+44 20 7946 0958"),
    ("ring (555) 013-4567 after six", "phone", "(555) 013-4567"),
    ("07700 900123 is my mobile", "phone", "07700 900123"),
    ("ring 0412 345 678 to book", "phone", "0412 345 678"),
    ("+1 (555) 013-4567 in the US", "phone", "+1 (555) 013-4567"),
    ("Paris: +33 1 23 45 67 89", "phone", "+33 1 23 45 67 89"),
    ("free on 1-800-555-0134", "phone", "1-800-555-0134"),
    ("her desk is 555.013.4567", "phone", "555.013.4567"),
    ("text +447700900123 now", "phone", "+447700900123"),
    ("or 07700900123 evenings", "phone", "07700900123"),
    ("text 555 0134 for a slot", "phone", "555 0134"),
    ("call 555-0134 2 times a week", "phone", "555-0134"),
    ("call me on 5550134567", "phone", "5550134567"),
    # Web addresses.
    ("See https://example.com/path?x=1.", "url", "https://example.com/path?x=1"),
    ("go to www.harbourclinic.co.uk, it's good", "url", "www.harbourclinic.co.uk"),
    ("find us at serenityspa.com", "url", "serenityspa.com"),
    ("booked on harbourphysio.clinic/book", "url", "harbourphysio.clinic/book"),
    ("the link (http://bit.ly/abc) works", "url", "http://bit.ly/abc"),
    ("WWW.SPA.COM in capitals", "url", "WWW.SPA.COM"),
    # Social handles.
    ("follow @bliss_massage on insta", "handle", "@bliss_massage"),
    ("instagram: annamassage", "handle", "annamassage"),
    ("IG: @anna.massage", "handle", "@anna.massage"),
    ("tiktok: spa_girl posts videos", "handle", "spa_girl"),
    # Street addresses and postcodes.
    ("She works from 12 Baker Street", "address", "12 Baker Street"),
    ("221B Baker St. is famous", "address", "221B Baker St."),
    ("it is at 45 Elm Rd near the park", "address", "45 Elm Rd"),
    (
        "1600 Pennsylvania Avenue NW, Washington, DC 20500",
        "address",
        "1600 Pennsylvania Avenue NW, Washington, DC 20500",
    ),
    ("San Francisco, CA 94103", "address", "CA 94103"),
    ("postcode SW1A 1AA", "address", "SW1A 1AA"),
    ("at 12 Baker Street, London NW1 6XE", "address", "12 Baker Street, London NW1 6XE"),
    ("Flat 2, 10 Downing Street", "address", "10 Downing Street"),
    ("742 Evergreen Terrace", "address", "742 Evergreen Terrace"),
    # Names after titles and practitioner words.
    ("my therapist Anna was lovely", "name", "Anna"),
    ("Mrs Jones said to rest", "name", "Jones"),
    ("Dr. Mary-Jane O'Neil saw me", "name", "Mary-Jane O'Neil"),
    ("Doctor Patel said it was a strain", "name", "Patel"),
    ("Dr Anna Smith and Prof. Chen", "name", "Anna Smith"),
    ("Dr Anna Smith and Prof. Chen", "name", "Chen"),
    ("Ms O'Brien listened", "name", "O'Brien"),
    ("Miss Zoë Łukasz was kind", "name", "Zoë Łukasz"),
    ("my masseuse Ingrid pressed hard", "name", "Ingrid"),
    ("the masseur Jean-Luc was gentle", "name", "Jean-Luc"),
    ("physio Sarah's advice helped", "name", "Sarah"),
    ("Dr J. Smith checked my arm", "name", "J. Smith"),
    ("Dr van der Berg checked my arm", "name", "van der Berg"),
    ("my physio, Tom, said to stretch", "name", "Tom"),
    ("a therapist named Lucy", "name", "Lucy"),
    ("My name is Sarah Jones", "name", "Sarah Jones"),
    ("Dr Smith's clinic was busy", "name", "Smith"),
    ("my doctor Patel said", "name", "Patel"),
    ("Dr May said to wait", "name", "May"),
    # Named places.
    ("the Harbour Clinic", "place", "Harbour Clinic"),
    ("Bliss Massage Studio", "place", "Bliss Massage Studio"),
    ("St Mary's Hospital", "place", "St Mary's Hospital"),
    ("St Mary\u2019s Hospital", "place", "St Mary\u2019s Hospital"),  # a curly apostrophe
    ("Harbour Physio Clinic", "place", "Harbour Physio Clinic"),
    ("Visited Serenity Spa last week", "place", "Serenity Spa"),
    ("I went to the Harbour clinic", "place", "Harbour clinic"),
    ("a day at Serenity Day Spa", "place", "Serenity Day Spa"),
    ("Anna's Massage Studio", "place", "Anna's Massage Studio"),
    ("booked at Calm Wellness", "place", "Calm Wellness"),
    ("Royal London Hospital", "place", "Royal London Hospital"),
    ("Mind & Body Spa", "place", "Mind & Body Spa"),
    ("the Elm Tree Practice", "place", "Elm Tree Practice"),
    ("We met at Studio Bliss", "place", "Studio Bliss"),
    ("Thai Massage Studio on the corner", "place", "Thai Massage Studio"),
]

# A number as its own country writes it, with "+", an international prefix, or as at home. The
# scanner's shapes missed the first eight; the phonenumbers library knows them all (issue 13).
PHONES_AS_COUNTRIES_WRITE_THEM = [
    ("0049 30 1234567 is the office", "0049 30 1234567"),
    ("ring 030/1234567 tomorrow", "030/1234567"),
    ("8 (495) 123-45-67 is the desk", "8 (495) 123-45-67"),
    ("(11) 91234-5678 on WhatsApp", "(11) 91234-5678"),
    ("612 34 56 78 in the evening", "612 34 56 78"),
    ("the clinic is 01 234 5678", "01 234 5678"),
    ("0033 6 12 34 56 78 from abroad", "0033 6 12 34 56 78"),
    ("011 44 20 7946 0958 from the US", "011 44 20 7946 0958"),
    ("+49 30 1234567", "+49 30 1234567"),
    ("+33 6 12 34 56 78", "+33 6 12 34 56 78"),
    ("her mobile 06 12 34 56 78", "06 12 34 56 78"),
    ("+34 612 34 56 78", "+34 612 34 56 78"),
    ("+7 495 123-45-67", "+7 495 123-45-67"),
    ("+55 11 91234-5678", "+55 11 91234-5678"),
    ("+61 412 345 678", "+61 412 345 678"),
    ("0412 345 678", "0412 345 678"),
    ("+81 3-1234-5678", "+81 3-1234-5678"),
    ("+39 06 1234 5678", "+39 06 1234 5678"),
    ("06 1234 5678 in Rome", "06 1234 5678"),
    ("+31 20 123 4567", "+31 20 123 4567"),
    ("020 123 4567 in Amsterdam", "020 123 4567"),
    ("+46 8 123 456 78", "+46 8 123 456 78"),
    ("+41 44 668 18 00", "+41 44 668 18 00"),
    ("044 668 18 00 in Zurich", "044 668 18 00"),
    ("+91 98765 43210", "+91 98765 43210"),
    ("098765 43210 in Delhi", "098765 43210"),
    ("+353 1 234 5678", "+353 1 234 5678"),
    ("+1 212-555-0123", "+1 212-555-0123"),
    ("(212) 555-0123", "(212) 555-0123"),
    ("+44 20 7946 0958", "+44 20 7946 0958"),
    ("020 7946 0958 in London", "020 7946 0958"),
]

NOT_FOUND = [
    "I asked my doctor",
    "the doctor said to rest",
    "a spa day, a physio, the clinic, Dr",
    "Dr",
    "The Dr. said it was fine. Then I rested.",
    "Massage helped a lot",
    "Swedish massage helped",
    "Deep Tissue Massage and Hot Stone Therapy and Thai Massage",
    "Spa days are lovely. Clinic staff were kind. Hospital food was bad.",
    "The Medical Centre and the General Hospital were busy",
    "On Monday the Physio Clinic was shut",
    "I miss my old Pilates Studio",
    "Yoga studio was fine",
    "Update: Swedish spa was relaxing",
    "Best Massage ever! Great Spa experience",
    "EMG and MRI were normal in May on Monday",
    "My GP said the spinal accessory nerve may be involved",
    "I told my therapist I was sore",
    "My physio The next day said",
    "The therapist Monday morning",
    "pain 7/10 on 12/03/2025 at 10:30, 400 mg ibuprofen for 3-4 weeks in 2024",
    "My neck hurt at C5 and L4-L5 for 12 weeks, about 30-60 minutes a day",
    "I paid £45 or $120 for 90 minutes at 2pm, then went @ 5pm and @10am",
    "1.5 hours, ratio 1:2, 3 x 10 reps, 2x/week, call 111 or 999 or 911",
    "between 150-1000 mg daily, took 100-2000 mg, reading 120/80, score 4.5",
    "Dates 2024-03-12, 12.03.2025, 03-12-2025, 12 03 2025",
    "from 2019 2020 2021, steps 10000 12000 15000 per day",
    "My number of sessions was 10 in 2023 and 12 in 2024",
    "e.g. ice, i.e. cold, etc. and Mr. at the end",
    "Sore.Then I felt better.It was fine.",
    "version 2.0.1, file notes.txt and Node.js",
    "email me about it at some point",
    "I looked at it dot by dot",
    "Doctor said rest",
    "After 3 Sessions With Dr I felt better",
    "I went 2 Hour drive to the coast",
    "English Clinic? Christmas spa break",
    "Called NHS 111 and they said rest",
    "It was 5 Star service",
    "I (42) have had 3 massages since March",
    # Valid numbers somewhere, but not grouped as their country groups them.
    "sets of 20 30 40 50 60 reps, scores 12 12 12 12 12",
]


def _pairs(text):
    return [(f.kind, f.text) for f in find_personal_details(text)]


@pytest.mark.parametrize(("text", "kind", "expected"), FOUND)
def test_it_finds_each_personal_detail(text, kind, expected):
    findings = find_personal_details(text)

    assert (kind, expected) in [(f.kind, f.text) for f in findings]
    for f in findings:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(("text", "expected"), PHONES_AS_COUNTRIES_WRITE_THEM)
def test_a_phone_number_written_as_its_country_writes_it_is_found(text, expected):
    assert ("phone", expected) in _pairs(text)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_it_leaves_ordinary_story_text_alone(text):
    assert find_personal_details(text) == []


def test_the_tables_are_as_large_as_the_issue_asks():
    assert len(FOUND) >= 45
    assert len(NOT_FOUND) >= 25


def test_it_reports_the_issue_example_in_order_with_offsets():
    text = "Dr. Smith at Serenity Spa, call 555-0134"

    assert find_personal_details(text) == [
        Finding("name", 4, 9, "Smith"),
        Finding("place", 13, 25, "Serenity Spa"),
        Finding("phone", 32, 40, "555-0134"),
    ]


def test_a_finding_cannot_be_changed():
    finding = find_personal_details("mail anna@example.com")[0]

    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "url"


def test_an_email_is_one_finding_not_also_a_web_address():
    assert _pairs("anna@serenityspa.com") == [("email", "anna@serenityspa.com")]


def test_an_email_is_not_also_a_handle():
    assert _pairs("me@bliss.co.uk") == [("email", "me@bliss.co.uk")]


def test_findings_are_sorted_and_never_overlap():
    story = (
        "Dr Anna Smith at the Harbour Physio Clinic, 12 Baker Street, London NW1 6XE.\n"
        "Call 020 7946 0958 or mail anna@harbourphysio.co.uk, see harbourphysio.co.uk "
        "or @harbourphysio. My therapist Tom at Serenity Spa was great."
    )

    findings = find_personal_details(story)

    assert [f.kind for f in findings] == [
        "name",
        "place",
        "address",
        "phone",
        "email",
        "url",
        "handle",
        "name",
        "place",
    ]
    for before, after in pairwise(findings):
        assert before.end <= after.start


def test_two_phones_side_by_side_are_both_found():
    assert _pairs("555-0134 555-0134, call 555-0134 07700 900123") == [
        ("phone", "555-0134"),
        ("phone", "555-0134"),
        ("phone", "555-0134"),
        ("phone", "07700 900123"),
    ]


def test_a_phone_after_a_small_number_is_found():
    assert _pairs("room 12 555-0134") == [("phone", "555-0134")]


def test_details_that_partly_overlap_are_merged_so_nothing_is_left_behind():
    # "12 Church St." (an address) and "St.anna@x.com" (an email) share "St."; both are as
    # long, so the more specific kind names the merged finding.
    text = "Write to 12 Church St.anna@x.com today"

    assert _pairs(text) == [("email", "12 Church St.anna@x.com")]
    assert scrub(text) == "Write to [email removed] today"


def test_a_street_and_its_postcode_become_one_address():
    assert _pairs("send it to 12 High St., Oxford OX1 4AB") == [
        ("address", "12 High St., Oxford OX1 4AB")
    ]


# The adversarial inputs are the bench's (bench/bench_pii.py times the scanner on them): the
# tests check the answers, the bench the seconds.


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_it_answers_on_adversarial_text(text):
    # How long it takes is measured by `make bench` (bench/bench_pii.py), not here: a limit in
    # seconds fails on a busy machine however fast the code is.
    findings = find_personal_details(text)
    scrubbed = scrub(text)
    highlighted = highlight_html(text)

    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    assert isinstance(scrubbed, str) and scrubbed
    assert isinstance(highlighted, str) and highlighted


def test_it_finds_every_detail_of_a_long_story():
    paragraph = (
        "After my massage at Serenity Spa my neck was sore for 3-4 days (pain 6/10). "
        "My therapist Anna said to rest; Dr. Patel at St Mary's Hospital agreed. "
        "Call 555-0134 or mail anna@serenityspa.com. I felt better by 12/03/2025.\n"
    )
    story = (paragraph * (10000 // len(paragraph) + 1))[:10000]

    findings = find_personal_details(story)

    assert len(findings) > 100
    assert "anna@serenityspa.com" not in scrub(story)


# Scrubbing


def test_scrub_replaces_the_issue_example():
    assert scrub("Dr. Smith at Serenity Spa, call 555-0134") == (
        "Dr. [name removed] at [place name removed], call [phone number removed]"
    )


def test_scrub_uses_a_placeholder_for_every_kind():
    text = (
        "Mail a@b.com, call 07700 900123, see www.spa.com, follow @bliss, visit "
        "12 Baker Street, ask my therapist Anna at Serenity Spa."
    )

    assert scrub(text) == (
        "Mail [email removed], call [phone number removed], see [web address removed], "
        "follow [handle removed], visit [address removed], ask my therapist [name removed] "
        "at [place name removed]."
    )


def test_scrub_keeps_line_breaks_and_other_text():
    text = "First line\nmail a@b.com\r\n\r\nlast line with 7/10 pain\n"

    assert scrub(text) == "First line\nmail [email removed]\r\n\r\nlast line with 7/10 pain\n"


@pytest.mark.parametrize("text", NOT_FOUND)
def test_scrub_changes_nothing_when_nothing_is_found(text):
    assert scrub(text) == text


def test_a_placeholder_is_no_cue_for_the_next_number():
    text = "call 555-0134, then 45900123 94103 was the code"

    assert scrub(text) == "call [phone number removed], then 45900123 94103 was the code"
    assert scrub(scrub(text)) == scrub(text)


def test_scrub_never_turns_a_placeholder_into_a_handle():
    assert scrub("mail anna@x.com@bliss") == scrub(scrub("mail anna@x.com@bliss"))


FRAGMENTS = (
    "Dr Dr. Smith Anna my therapist at Serenity Spa clinic Clinic 12 Baker Street St. call "
    "555-0134 07700 900123 +44 20 7946 0958 anna@x.com www.spa.com @bliss instagram: SW1A "
    "1AA CA 94103 dot com [at] ( ) - . , & <b> 's Massage Studio the The I May Monday 7/10 "
    "2024 Harbour Physio named name is St Mary's Hospital van der x 1 23 45 phone: [ ]"
)


def test_scrub_is_idempotent_on_random_mixtures_of_details():
    # Jumbled fragments of every kind, glued by spaces, punctuation and line breaks: this is how
    # the overlap and placeholder bugs above were found.
    fragments = FRAGMENTS.split()
    glue = [" ", " ", " ", "", ", ", ". ", "\n"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(fragments) + rng.choice(glue) for _ in range(rng.randint(1, 14)))
        scrubbed = scrub(text)
        findings = find_personal_details(text)

        assert all(a.end <= b.start for a, b in pairwise(findings)), text
        assert scrub(scrubbed) == scrubbed, text
        assert find_personal_details(scrubbed) == [], text
        _parse(highlight_html(text))


@pytest.mark.parametrize("text", sorted({text for text, _kind, _found in FOUND}))
def test_scrub_is_idempotent_and_leaves_nothing_to_find(text):
    scrubbed = scrub(text)

    assert scrubbed != text
    assert scrub(scrubbed) == scrubbed
    assert find_personal_details(scrubbed) == []


# Highlighting


def _parse(fragment):
    return ET.fromstring(f"<div>{fragment}</div>")


def test_highlight_escapes_a_script_and_marks_the_email():
    text = "<script>alert(1)</script> write to anna@example.com"

    result = highlight_html(text)

    assert "<script" not in result
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result
    assert result.count("<mark") == 1
    assert '<mark class="pii pii-email" title="Possible email">anna@example.com</mark>' in result
    div = _parse(result)
    assert [m.text for m in div.iter("mark")] == ["anna@example.com"]
    assert "".join(div.itertext()) == text


def test_highlight_is_a_plain_string():
    assert type(highlight_html("call 555-0134")) is str


def test_highlight_marks_every_finding_with_its_kind():
    text = "Dr. Smith at Serenity Spa, call 555-0134"

    div = _parse(highlight_html(text))

    marks = list(div.iter("mark"))
    assert [(m.get("class"), m.get("title"), m.text) for m in marks] == [
        ("pii pii-name", "Possible name", "Smith"),
        ("pii pii-place", "Possible place", "Serenity Spa"),
        ("pii pii-phone", "Possible phone", "555-0134"),
    ]
    assert "".join(div.itertext()) == text


def test_highlight_escapes_quotes_and_ampersands_inside_and_outside_marks():
    result = highlight_html("She said \"hi\" & 'bye' at Mind & Body Spa")

    assert result == (
        "She said &quot;hi&quot; &amp; &#x27;bye&#x27; at "
        '<mark class="pii pii-place" title="Possible place">Mind &amp; Body Spa</mark>'
    )


def test_highlight_turns_line_breaks_into_br():
    result = highlight_html("one\ntwo\r\nthree\rfour")

    assert result == "one<br />two<br />three<br />four"
    assert len(_parse(result).findall("br")) == 3


def test_highlight_never_lets_markup_through_a_finding():
    result = highlight_html('<b onclick="x()">Dr Smith</b> <a href="javascript:x">www.spa.com</a>')

    assert "<b" not in result and "<a" not in result
    div = _parse(result)
    assert {element.tag for element in div.iter()} == {"div", "mark"}
    assert [m.text for m in div.iter("mark")] == ["Smith", "www.spa.com"]


def test_highlight_survives_characters_xml_forbids():
    result = highlight_html("bad \x00 byte \x1b and \ud800 then a@b.com")

    div = _parse(result)
    assert [m.text for m in div.iter("mark")] == ["a@b.com"]


@pytest.mark.parametrize("text", [text for text, _kind, _found in FOUND] + NOT_FOUND)
def test_highlight_parses_as_xml_and_keeps_the_text(text):
    div = _parse(highlight_html(text))

    assert "".join(div.itertext()) == text
    assert [m.text for m in div.iter("mark")] == [f.text for f in find_personal_details(text)]
