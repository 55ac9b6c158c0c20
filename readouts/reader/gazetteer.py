"""Countries and organisations as readouts name them: "Russia", "the Russian Federation",
"Russian", "the US", "Türkiye", "PRC", "Moscow", "the UN Security Council", "BRICS".

Countries carry their ISO 3166-1 alpha-3 code (from pycountry, kept in step with the standard);
organisations their usual short name. Matching is case-sensitive on purpose: "US" is a country,
"us" a pronoun; "WHO" an organisation, "who" a relative pronoun.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

COUNTRY, ORGANISATION = "country", "organisation"

# Forms pycountry does not carry: short forms, abbreviations, older names.
COUNTRY_FORMS = {
    "USA": [
        "US",
        "U.S.",
        "U.S.A.",
        "USA",
        "United States",
        "United States of America",
        "America",
        "State Department",
        "Department of State",
    ],
    "GBR": [
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "United Kingdom",
        "Foreign, Commonwealth & Development Office",
        "Foreign, Commonwealth and Development Office",
        "FCDO",
    ],
    "RUS": ["Russia", "Russian Federation"],
    "CHN": ["China", "PRC", "P.R.C.", "People's Republic of China", "Chinese mainland"],
    "TWN": ["Taiwan"],
    "PRK": ["DPRK", "North Korea", "Democratic People's Republic of Korea"],
    "KOR": ["ROK", "South Korea", "Republic of Korea", "Korea"],
    "TUR": ["Turkey", "Türkiye", "Turkiye", "Republic of Turkey"],
    "IRN": ["Iran", "Islamic Republic of Iran"],
    "SYR": ["Syria"],
    "VNM": ["Vietnam", "Viet Nam"],
    "LAO": ["Laos", "Lao PDR"],
    "VEN": ["Venezuela"],
    "BOL": ["Bolivia"],
    "TZA": ["Tanzania"],
    "MDA": ["Moldova"],
    "CZE": ["Czech Republic", "Czechia"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "ARE": ["UAE", "U.A.E.", "United Arab Emirates"],
    "VAT": ["Holy See", "Vatican"],
    "PSE": ["Palestine", "State of Palestine"],
    "MKD": ["Macedonia", "North Macedonia"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "SWZ": ["Swaziland", "Eswatini"],
    "MMR": ["Myanmar", "Burma"],
    "BRN": ["Brunei"],
    "COD": ["DRC", "DR Congo", "Democratic Republic of the Congo"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville"],
    "NLD": ["Netherlands", "the Netherlands", "Holland"],
    "FSM": ["Micronesia"],
}

DEMONYMS = {
    "AFG": "Afghan",
    "ALB": "Albanian",
    "DZA": "Algerian",
    "USA": "American",
    "AGO": "Angolan",
    "ARG": "Argentine Argentinian",
    "ARM": "Armenian",
    "AUS": "Australian",
    "AUT": "Austrian",
    "AZE": "Azerbaijani",
    "BHR": "Bahraini",
    "BGD": "Bangladeshi",
    "BRB": "Barbadian",
    "BLR": "Belarusian Belarussian",
    "BEL": "Belgian",
    "BOL": "Bolivian",
    "BIH": "Bosnian",
    "BRA": "Brazilian",
    "GBR": "British",
    "BGR": "Bulgarian",
    "MMR": "Burmese Myanmar",
    "KHM": "Cambodian",
    "CMR": "Cameroonian",
    "CAN": "Canadian",
    "CHL": "Chilean",
    "CHN": "Chinese",
    "COL": "Colombian",
    "HRV": "Croatian",
    "CUB": "Cuban",
    "CYP": "Cypriot",
    "CZE": "Czech",
    "DNK": "Danish",
    "NLD": "Dutch",
    "ECU": "Ecuadorian",
    "EGY": "Egyptian",
    "ARE": "Emirati",
    "ERI": "Eritrean",
    "EST": "Estonian",
    "ETH": "Ethiopian",
    "FJI": "Fijian",
    "PHL": "Filipino Philippine",
    "FIN": "Finnish",
    "FRA": "French",
    "GEO": "Georgian",
    "DEU": "German",
    "GHA": "Ghanaian",
    "GRC": "Greek",
    "HUN": "Hungarian",
    "ISL": "Icelandic",
    "IND": "Indian",
    "IDN": "Indonesian",
    "IRN": "Iranian",
    "IRQ": "Iraqi",
    "IRL": "Irish",
    "ISR": "Israeli",
    "ITA": "Italian",
    "CIV": "Ivorian",
    "JPN": "Japanese",
    "JOR": "Jordanian",
    "KAZ": "Kazakh Kazakhstani",
    "KEN": "Kenyan",
    "KOR": "South-Korean",
    "PRK": "North-Korean",
    "KWT": "Kuwaiti",
    "KGZ": "Kyrgyz",
    "LAO": "Lao Laotian",
    "LVA": "Latvian",
    "LBN": "Lebanese",
    "LBY": "Libyan",
    "LTU": "Lithuanian",
    "MYS": "Malaysian",
    "MDV": "Maldivian",
    "MLI": "Malian",
    "MEX": "Mexican",
    "MDA": "Moldovan",
    "MNG": "Mongolian",
    "MNE": "Montenegrin",
    "MAR": "Moroccan",
    "MOZ": "Mozambican",
    "NAM": "Namibian",
    "NPL": "Nepalese Nepali",
    "NZL": "New-Zealand",
    "NIC": "Nicaraguan",
    "NGA": "Nigerian",
    "NOR": "Norwegian",
    "OMN": "Omani",
    "PAK": "Pakistani",
    "PSE": "Palestinian",
    "PAN": "Panamanian",
    "PRY": "Paraguayan",
    "PER": "Peruvian",
    "POL": "Polish",
    "PRT": "Portuguese",
    "QAT": "Qatari",
    "ROU": "Romanian",
    "RUS": "Russian",
    "RWA": "Rwandan",
    "SAU": "Saudi",
    "SEN": "Senegalese",
    "SRB": "Serbian",
    "SLE": "Sierra-Leonean",
    "SGP": "Singaporean",
    "SVK": "Slovak",
    "SVN": "Slovenian",
    "SOM": "Somali",
    "ZAF": "South-African",
    "ESP": "Spanish",
    "LKA": "Sri-Lankan",
    "SDN": "Sudanese",
    "SWE": "Swedish",
    "CHE": "Swiss",
    "SYR": "Syrian",
    "TWN": "Taiwanese",
    "TJK": "Tajik",
    "TZA": "Tanzanian",
    "THA": "Thai",
    "TUN": "Tunisian",
    "TUR": "Turkish",
    "TKM": "Turkmen",
    "UGA": "Ugandan",
    "UKR": "Ukrainian",
    "URY": "Uruguayan",
    "UZB": "Uzbek",
    "VEN": "Venezuelan",
    "VNM": "Vietnamese",
    "YEM": "Yemeni",
    "ZMB": "Zambian",
    "ZWE": "Zimbabwean",
}

# Capitals stand for their governments ("Washington's attempts", "Moscow believes").
CAPITALS = {
    "Washington": "USA",
    "Moscow": "RUS",
    "Beijing": "CHN",
    "Tokyo": "JPN",
    "Kiev": "UKR",
    "Kyiv": "UKR",
    "London": "GBR",
    "Paris": "FRA",
    "Berlin": "DEU",
    "Ankara": "TUR",
    "Tehran": "IRN",
    "Pyongyang": "PRK",
    "Seoul": "KOR",
    "New Delhi": "IND",
    "Damascus": "SYR",
    "Caracas": "VEN",
    "Minsk": "BLR",
    "Tel Aviv": "ISR",
    "Riyadh": "SAU",
    "Islamabad": "PAK",
    "Kabul": "AFG",
    "Baghdad": "IRQ",
    "Canberra": "AUS",
    "Ottawa": "CAN",
    "Brasilia": "BRA",
    "Pretoria": "ZAF",
    "Hanoi": "VNM",
    "Jakarta": "IDN",
    "Astana": "KAZ",
    "Tashkent": "UZB",
    "Baku": "AZE",
    "Yerevan": "ARM",
    "Tbilisi": "GEO",
    "Cairo": "EGY",
    "Rome": "ITA",
    "Madrid": "ESP",
    "Warsaw": "POL",
    "Budapest": "HUN",
}

ORGANISATIONS = {
    "UN": [
        "UN",
        "U.N.",
        "United Nations",
        "UNSC",
        "UN Security Council",
        "U.N. Security Council",
        "United Nations Security Council",
        "Security Council",
        "UN General Assembly",
    ],
    "EU": [
        "EU",
        "European Union",
        "E.U.",
        "European External Action Service",
        "EEAS",
        "European Commission",
        "European Council",
        "Council of the European Union",
        "European Parliament",
    ],
    "BRICS": ["BRICS"],
    "SCO": ["SCO", "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization"],
    "ASEAN": ["ASEAN", "Association of Southeast Asian Nations"],
    "NATO": ["NATO", "North Atlantic Treaty Organization", "North Atlantic Alliance"],
    "AU": ["AU", "African Union"],
    "OSCE": ["OSCE", "Organization for Security and Co-operation in Europe"],
    "G20": ["G20", "G-20", "Group of Twenty"],
    "G7": ["G7", "G-7", "Group of Seven"],
    "APEC": ["APEC", "Asia-Pacific Economic Cooperation"],
    "WTO": ["WTO", "World Trade Organization"],
    "IAEA": ["IAEA", "International Atomic Energy Agency"],
    "OPEC": ["OPEC"],
    "CSTO": ["CSTO", "Collective Security Treaty Organization"],
    "EAEU": ["EAEU", "EEU", "Eurasian Economic Union"],
    "GCC": ["GCC", "Gulf Cooperation Council"],
    "LAS": ["Arab League", "League of Arab States"],
    "OIC": ["OIC", "Organisation of Islamic Cooperation", "Organization of Islamic Cooperation"],
    "CIS": ["CIS", "Commonwealth of Independent States"],
    "WHO": ["WHO", "World Health Organization"],
    "IMF": ["IMF", "International Monetary Fund"],
    "WB": ["World Bank"],
    "CELAC": ["CELAC"],
    "ECOWAS": ["ECOWAS"],
    "SAARC": ["SAARC"],
    "CICA": ["CICA"],
    "ARCTIC-COUNCIL": ["Arctic Council"],
    "OAS": ["OAS", "Organization of American States"],
}
ORGANISATION_NAMES = {
    "UN": "United Nations",
    "EU": "European Union",
    "SCO": "Shanghai Cooperation Organisation",
    "ASEAN": "Association of Southeast Asian Nations",
    "NATO": "NATO",
    "AU": "African Union",
    "G20": "G20",
    "G7": "G7",
    "LAS": "League of Arab States",
    "WB": "World Bank",
    "ARCTIC-COUNCIL": "Arctic Council",
}

# Phrases that contain a country's name but do not name the country: longest match wins.
NOT_PLACES = [
    "Latin America",
    "South America",
    "North America",
    "Central America",
    "Korean Peninsula",
    "Korea Peninsula",
    "Korean War",
    "South China Sea",
    "East China Sea",
    "Chinese New Year",
    "Russian Orthodox",
    "New Mexico",
    "Georgia State",
]


@dataclass(frozen=True)
class Place:
    """A country or organisation named in a text: where, which, and how it was named."""

    start: int
    end: int
    code: str
    kind: str  # COUNTRY or ORGANISATION
    form: str  # "name", "demonym" or "capital"


def _pycountry_forms(country):
    forms = []
    for attr in ("name", "common_name", "official_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        value = re.sub(r"\s*\(.*?\)", "", value)
        if ", " in value:  # "Korea, Republic of" -> "Republic of Korea"
            head, tail = value.split(", ", 1)
            value = f"{tail} {head}"
        value = re.sub(r"^(?:the|The) ", "", value)
        forms.append(value)
    return forms


@cache
def _table():
    """Surface form -> (code, kind, form)."""
    table = {}
    for country in pycountry.countries:
        if country.alpha_3 == "TWN":
            continue  # pycountry's "Province of China" is not a name readouts use
        for form in _pycountry_forms(country):
            table.setdefault(form, (country.alpha_3, COUNTRY, "name"))
    for code, forms in COUNTRY_FORMS.items():
        for form in forms:
            table[form] = (code, COUNTRY, "name")
    for code, words in DEMONYMS.items():
        for word in words.split():
            table[word.replace("-", " ")] = (code, COUNTRY, "demonym")
    for city, code in CAPITALS.items():
        table[city] = (code, COUNTRY, "capital")
    for code, forms in ORGANISATIONS.items():
        for form in forms:
            table[form] = (code, ORGANISATION, "name")
    for phrase in NOT_PLACES:
        table[phrase] = None
    return table


@cache
def _pattern():
    forms = sorted(_table(), key=len, reverse=True)
    alternation = "|".join(re.escape(form) for form in forms)
    # Not inside a longer word; a trailing "'s" is allowed (Russia's, Türkiye's).
    return re.compile(rf"(?<![\w.-])(?:{alternation})(?![\w-])")


def find_places(text):
    """Every country and organisation named in `text`, in order."""
    table = _table()
    places = []
    for match in _pattern().finditer(text):
        entry = table.get(match.group())
        if entry is None:
            continue
        code, kind, form = entry
        places.append(Place(match.start(), match.end(), code, kind, form))
    return places


def lookup(phrase):
    """The (code, kind) a phrase names on its own ("the Russian Federation" -> RUS), or None."""
    phrase = re.sub(r"^(?:the|The)\s+", "", phrase.strip())
    phrase = re.sub(r"['’]s$", "", phrase)
    entry = _table().get(phrase) or _table().get(phrase.replace("-", " "))
    return entry[:2] if entry else None


def single_words():
    """The one-word names of countries, nationalities and organisations."""
    return [form for form, entry in _table().items() if entry and " " not in form]


def is_place_word(word):
    """Whether a single capitalised word names a country, a nationality or an organisation."""
    return bool(_table().get(word))


# Where pycountry's names are not what analysts write (and it offers no common name).
SHORT_NAMES = {
    "RUS": "Russia", "PSE": "Palestine", "COD": "DR Congo", "COG": "Republic of the Congo",
    "BRN": "Brunei", "FSM": "Micronesia",
}  # fmt: skip


@cache
def name_of(code):
    """What an analyst calls the country or organisation with this code."""
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    if code in ORGANISATION_NAMES:
        return ORGANISATION_NAMES[code]
    if code in ORGANISATIONS:
        return ORGANISATIONS[code][0]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def kind_of(code):
    """COUNTRY or ORGANISATION for a code of this gazetteer."""
    return ORGANISATION if code in ORGANISATIONS else COUNTRY


def strip_accents(text):
    """Letters without their diacritics (Çavuşoğlu -> Cavusoglu)."""
    text = text.replace("ı", "i").replace("ß", "ss").replace("ø", "o").replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
