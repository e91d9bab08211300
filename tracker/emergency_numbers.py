"""The number to call for an ambulance in each country, for the call button of an emergency.

Sources: the European Commission's page on 112, the single European emergency number
(https://digital-strategy.ec.europa.eu/en/policies/112), which every member state answers for
an ambulance too; for the other countries, Wikipedia's "List of emergency telephone numbers"
(https://en.wikipedia.org/wiki/List_of_emergency_telephone_numbers), the ambulance column.
Where a country has a general number and a separate ambulance number, the table keeps the one
that reaches an ambulance most directly (144 in Switzerland, 113 in Norway, 103 in Russia);
inside the EU it keeps 112, which always works. A country is listed only where its number is
well established; any other country, and a person who has not said where they live, get 112:
most mobile phones put a call to 112 through to the local emergency service anywhere (the GSM
standard reserves it), and the page says so and asks them to use their local number if they
know it. tests/test_emergency_numbers.py checks each entry.
"""

from dataclasses import dataclass

from .countries import country_name

FALLBACK_NUMBER = "112"

_EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
# EU regions outside Europe (and the Åland Islands): the EU's 112 works there too.
_EU_ELSEWHERE = "AX GF GP MF MQ RE YT"

EMERGENCY_NUMBERS = {
    **dict.fromkeys(_EU.split(), "112"),
    **dict.fromkeys(_EU_ELSEWHERE.split(), "112"),
    # The rest of Europe.
    "AD": "112",
    "AL": "127",
    "BA": "124",
    "BY": "103",
    "CH": "144",
    "FO": "112",
    "GB": "999",
    "GE": "112",
    "GG": "999",
    "GI": "112",
    "IM": "999",
    "IS": "112",
    "JE": "999",
    "LI": "144",
    "MC": "112",
    "MD": "112",
    "ME": "124",
    "MK": "194",
    "NO": "113",
    "RS": "194",
    "RU": "103",
    "TR": "112",
    "UA": "103",
    # Central Asia and the Caucasus.
    "AM": "103",
    "AZ": "103",
    "KG": "103",
    "KZ": "103",
    "MN": "103",
    "TJ": "103",
    "UZ": "103",
    # North America and the Caribbean (with the US territories).
    "AS": "911",
    "BB": "511",
    "BM": "911",
    "BS": "911",
    "BZ": "911",
    "CA": "911",
    "CR": "911",
    "CU": "104",
    "DO": "911",
    "GU": "911",
    "HN": "911",
    "JM": "110",
    "KY": "911",
    "MP": "911",
    "MX": "911",
    "PA": "911",
    "PR": "911",
    "TT": "811",
    "US": "911",
    "VI": "911",
    # South America.
    "AR": "107",
    "BR": "192",
    "CL": "131",
    "CO": "123",
    "EC": "911",
    "PE": "106",
    "UY": "911",
    "VE": "911",
    # Asia.
    "BD": "999",
    "BN": "991",
    "CN": "120",
    "HK": "999",
    "IN": "112",
    "JP": "119",
    "KH": "119",
    "KR": "119",
    "LA": "195",
    "LK": "1990",
    "MO": "999",
    "MY": "999",
    "NP": "102",
    "PH": "911",
    "SG": "995",
    "TH": "1669",
    "TW": "119",
    "VN": "115",
    # The Middle East.
    "AE": "998",
    "BH": "999",
    "IL": "101",
    "IR": "115",
    "JO": "911",
    "KW": "112",
    "LB": "140",
    "OM": "9999",
    "QA": "999",
    "SA": "997",
    # Africa.
    "EG": "123",
    "KE": "999",
    "MA": "15",
    "MU": "114",
    "NG": "112",
    "TN": "190",
    "ZA": "10177",
    # Oceania.
    "AU": "000",
    "CC": "000",
    "CX": "000",
    "NZ": "111",
}


@dataclass(frozen=True)
class EmergencyCall:
    """What the call button shows: the number, and the country it is for ("" when unknown)."""

    number: str
    country: str
    country_name: str

    @property
    def known(self):
        """True when the number is the one of the person's own country."""
        return bool(self.country)

    @property
    def href(self):
        return f"tel:{self.number}"


def emergency_call(country):
    """The ambulance number for ``country`` (an ISO 3166-1 alpha-2 code, or ""); 112 when the
    country is not set or not in the table."""
    number = EMERGENCY_NUMBERS.get(country or "")
    if number is None:
        return EmergencyCall(FALLBACK_NUMBER, "", country_name(country))
    return EmergencyCall(number, country, country_name(country))
