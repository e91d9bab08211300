"""The word lists of the personal-details scanner: a table, read by the patterns and detectors.

Ordinary words keep everyday writing ("my doctor", "Swedish massage", "3-4 weeks") out of the
findings; titles, roles and place nouns are the cues that something after or before them is a
name. Every list is compared lower-cased unless it says otherwise.
"""


def _words(spaced):
    return frozenset(spaced.split())


# The right single quotation mark, which phones and word processors put in "Mary's".
APOS = "'\u2019"

# Top-level domains accepted for a bare domain ("serenityspa.com") or a spelled-out email. Short
# country codes that are English words ("at", "be", "in", "it", "me", "no", "to") are left out:
# "sore.it" is far more often a missing space than a web address.
TLDS = _words(
    """
    com net org info biz io co uk au nz ca ie de fr es nl eu ch se dk fi pl pt za sg hk jp
    app dev health clinic spa care online site shop store studio salon massage fitness physio
    therapy xyz ly gov edu us tv beauty yoga
    """
)

MONTHS = _words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
WEEKDAYS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun
    """
)

# Capitalised words that are never a person's or a place's own name. Compared lower-cased.
STOP = (
    _words(
        """
        i i'm i've i'd i'll im ive id a an the and but or so nor yet if then than because as
        he she they we you it his her hers their theirs our ours your yours my mine its me him
        them us this that these those there here what when where who whom whose why how which
        yes no not also just only still even very really too maybe perhaps please thanks thank
        today tomorrow yesterday tonight morning afternoon evening night week weekend
        at in on to from with without after before during since until by for of about into
        over under between through around near next last first second third
        christmas easter
        went go going gone visited visit booked book tried try called saw seen found find loved
        love hated hate recommend recommended avoid got get had have has did do does was were is
        are be been being will would could should might must can
        overall update edit note ps wow oh ok okay hi hello dear anyway honestly sadly luckily
        god lord nhs gp er a&e
        """
    )
    | MONTHS
    | WEEKDAYS
)

# For names right after a title, months can be surnames ("Dr May", "Mrs April Jones").
TITLE_STOP = STOP - MONTHS

# Words that make a capitalised run a named place. Strong ones name a place on their own ("the
# Harbour clinic"); weak ones only when capitalised ("Bliss Massage", "Calm Wellness").
STRONG_PLACE_NOUNS = _words(
    """
    clinic spa salon studio centre center hospital practice infirmary surgery retreat sanctuary
    parlour parlor institute
    """
)
LOWERCASE_PLACE_NOUNS = _words("clinic spa salon studio centre center hospital")
WEAK_PLACE_NOUNS = _words(
    """
    massage massages wellness therapy therapies physio physiotherapy osteopathy chiropractic
    bodywork
    """
)
PLACE_NOUNS = STRONG_PLACE_NOUNS | WEAK_PLACE_NOUNS

# Capitalised words that may sit inside a place's name but do not identify it alone: "the
# Medical Centre", "Swedish Massage", "Day Spa" are kinds of thing, not names.
GENERIC = _words(
    """
    st saint medical health local private public general community day main big small new old
    city town village sports sport beauty hair nail nails tanning fitness yoga pilates dental
    pain rehab rehabilitation urgent emergency care family children's women's men's walk-in
    great good nice lovely amazing best nearby cheap expensive fancy luxury holistic natural
    complementary alternative integrative manual clinical remedial therapeutic relaxation
    swedish thai shiatsu deep tissue hot stone stones aromatherapy balinese hawaiian lomi
    reflexology lymphatic drainage prenatal pregnancy postnatal trigger point myofascial
    neuromuscular japanese chinese korean indian russian finnish turkish moroccan english
    british french german italian spanish american australian irish scottish welsh european
    asian bowen reiki rolfing craniosacral cranial sacral cupping acupressure acupuncture tui na
    hopi kahuna watsu ayurvedic abhyanga bamboo couples chair seated physical occupational
    head neck back shoulder shoulders foot feet hand hands face facial scalp body full leg legs
    hip hips knee jaw lower upper spine spinal sciatic
    """
)

# Titles written before a person's name, matched exactly as written.
TITLES = _words("Dr Mr Mrs Ms Mx Miss Prof Professor Doctor Nurse Sister")
# Words for a practitioner, in any case, that often come right before their first name.
ROLES = _words(
    """
    therapist therapists masseuse masseur physio physiotherapist osteopath osteo chiropractor
    chiro practitioner nurse doctor gp dentist consultant surgeon specialist acupuncturist
    reflexologist trainer instructor receptionist
    """
)
NAME_PARTICLES = _words("van von de der den del della da di du le la bin al ter")

# Street types. The long forms in any case for the most common ones; the rest only capitalised,
# so that "2 Hour drive" or "Very close" stay ordinary words.
STREET_ANY_CASE = "Street|Road|Avenue|Boulevard|Lane"
STREET_CAPITALISED = (
    "Drive|Way|Place|Court|Terrace|Crescent|Close|Square|Parade|Highway|Parkway|Row|Mews|Grove"
    "|Gardens|Hill|Walk|Circle|Trail|Gate|St|Rd|Ave|Av|Ln|Dr|Blvd|Pl|Ct|Tce|Terr|Cres|Cl|Sq|Pde"
    "|Hwy|Pkwy|Cir"
)
US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ"
    "|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)

# Countries whose ways of writing a number without "+" the phonenumbers library is asked about,
# each once for every run of digits that looks like a number: the English-speaking countries
# most of the community comes from, then the largest others in Europe and the Americas. A number
# written with "+" or an international prefix ("0049 …") names its own country.
PHONE_REGIONS = ("GB", "US", "AU", "IE", "DE", "FR", "ES", "IT", "NL", "BR", "RU", "IN")
