"""The words of the synthetic readouts: which countries take part and how often, invented
names in each country's manner, titles, kinds of event, the places, and who raises which topic
(regional issues for those concerned, a group's affairs for its members, bad relations).
What each side says on each topic is phrases.toml. Data for generate.py and sentences.py;
nothing here is a real person's.
"""

from ..choices import EventKind

# ISO alpha-3 and weight: how often a country takes part in a generated event.
COUNTRY_WEIGHTS = {
    "CHN": 18,
    "RUS": 16,
    "USA": 14,
    "JPN": 5,
    "IND": 5,
    "DEU": 4,
    "FRA": 4,
    "GBR": 4,
    "TUR": 3,
    "ZAF": 3,
    "BRA": 3,
    "IRN": 2,
    "KOR": 2,
    "SAU": 2,
    "PAK": 2,
    "KAZ": 2,
    "EGY": 2,
    "IDN": 2,
    "VNM": 2,
    "UKR": 2,
    "MEX": 1,
    "ARG": 1,
    "AUS": 1,
    "CAN": 1,
    "ITA": 1,
    "ESP": 1,
    "NGA": 1,
    "ETH": 1,
    "ISR": 1,
    "ARE": 1,
    "SRB": 1,
    "BLR": 1,
    "MNG": 1,
    "SGP": 1,
    "THA": 1,
}

# Invented names, in each country's manner (family name first where that is the usage).
NAME_PARTS = {
    "CHN": (
        ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"],
        ["Wei", "Jun", "Ming", "Hua", "Qiang", "Lei", "Yan", "Tao", "Ping", "Xin"],
        True,
    ),
    "JPN": (
        ["Sato", "Suzuki", "Takahashi", "Tanaka", "Ito", "Watanabe", "Nakamura"],
        ["Hiroshi", "Kenji", "Takeshi", "Yuko", "Akira", "Naoko", "Shinji"],
        False,
    ),
    "KOR": (
        ["Kim", "Lee", "Park", "Choi", "Jung", "Kang"],
        ["Min-jun", "Seo-yeon", "Ji-hoon", "Hye-jin", "Dong-hyun"],
        True,
    ),
    "VNM": (["Nguyen", "Tran", "Le", "Pham", "Hoang"], ["Van An", "Thi Lan", "Duc Minh"], True),
    "RUS": (
        ["Ivanov", "Petrov", "Sokolov", "Volkov", "Morozov", "Orlov", "Zaitsev"],
        # Men's names only: a woman's surname takes -a (Petrova), which these would not.
        ["Sergey", "Dmitry", "Andrei", "Mikhail", "Alexei", "Nikolai", "Pavel"],
        False,
    ),
    "UKR": (
        ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko"],
        ["Oleksandr", "Andriy", "Iryna", "Dmytro"],
        False,
    ),
    "BLR": (["Novik", "Kravchenko", "Sidorenko"], ["Vladimir", "Natalia", "Viktor"], False),
    "KAZ": (["Nurlanov", "Abenov", "Tokayev-Sarin"], ["Yerlan", "Askar", "Aigerim"], False),
    "USA": (
        ["Miller", "Johnson", "Carter", "Brooks", "Reed", "Hayes", "Coleman", "Walsh"],
        ["Michael", "Sarah", "David", "Karen", "Thomas", "Linda", "James", "Rachel"],
        False,
    ),
    "GBR": (
        ["Hughes", "Clarke", "Evans", "Whitfield", "Patel", "Morgan"],
        ["James", "Alice", "Oliver", "Harriet", "Rishi", "Catherine"],
        False,
    ),
    "CAN": (
        ["Tremblay", "MacDonald", "Gagnon", "Campbell"],
        ["Marc", "Anne", "Ian", "Chloé"],
        False,
    ),
    "AUS": (
        ["Mitchell", "O'Brien", "Nguyen", "Harris"],
        ["Penny", "Craig", "Anthony", "Kate"],
        False,
    ),
    "DEU": (
        ["Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann"],
        ["Annalena", "Frank", "Heiko", "Katrin", "Jürgen", "Sabine"],
        False,
    ),
    "FRA": (
        ["Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Bernard"],
        ["Jean", "Catherine", "Laurent", "Sophie", "Philippe", "Élise"],
        False,
    ),
    "ITA": (
        ["Rossi", "Bianchi", "Romano", "Colombo"],
        ["Marco", "Giulia", "Paolo", "Chiara"],
        False,
    ),
    "ESP": (["García", "Martínez", "López", "Navarro"], ["José", "Carmen", "Javier", "Ana"], False),
    "IND": (
        ["Sharma", "Kumar", "Singh", "Iyer", "Reddy", "Mehta"],
        ["Rajesh", "Anjali", "Vikram", "Priya", "Arun", "Meera"],
        False,
    ),
    "PAK": (["Qureshi", "Khan", "Malik", "Chaudhry"], ["Bilal", "Ayesha", "Imran", "Sana"], False),
    "TUR": (
        ["Yılmaz", "Demir", "Kaya", "Çelik", "Şahin"],
        ["Mehmet", "Ayşe", "Mevlüt", "Hakan", "Elif"],
        False,
    ),
    "IRN": (
        ["Hosseini", "Rahimi", "Karimi", "Tehrani"],
        ["Mohammad", "Ali", "Hassan", "Reza"],
        False,
    ),
    "SAU": (["Al-Saud", "Al-Rashid", "Al-Otaibi"], ["Faisal", "Abdullah", "Khalid"], False),
    "ARE": (["Al-Nahyan", "Al-Mazrouei", "Al-Falasi"], ["Abdullah", "Reem", "Saeed"], False),
    "EGY": (
        ["Hassan", "Mostafa", "Abdelaty", "Shoukry"],
        ["Sameh", "Ahmed", "Nabila", "Badr"],
        False,
    ),
    "ISR": (["Cohen", "Levi", "Katz", "Mizrahi"], ["Eli", "Yael", "Gideon", "Tamar"], False),
    "BRA": (
        ["Silva", "Santos", "Oliveira", "Souza", "Costa"],
        ["Mauro", "Ana", "Celso", "Luiza", "Ernesto"],
        False,
    ),
    "MEX": (
        ["Hernández", "Ramírez", "Ebrard", "Cruz"],
        ["Marcelo", "Alicia", "Juan", "Rosa"],
        False,
    ),
    "ARG": (
        ["Fernández", "Gómez", "Cafiero", "Díaz"],
        ["Santiago", "Diana", "Jorge", "Lucía"],
        False,
    ),
    "ZAF": (
        ["Naledi", "Dlamini", "Mokoena", "Botha"],
        ["Thandi", "Sipho", "Ronald", "Lindiwe"],
        False,
    ),
    "NGA": (
        ["Okafor", "Adeyemi", "Onyeama", "Bello"],
        ["Chinedu", "Yusuf", "Ngozi", "Tunde"],
        False,
    ),
    "ETH": (["Tadesse", "Bekele", "Gebre", "Mesfin"], ["Demeke", "Selam", "Abiy", "Hiwot"], False),
    "IDN": (["Marsudi", "Santoso", "Wibowo", "Hidayat"], ["Retno", "Budi", "Sri", "Agus"], False),
    "THA": (["Srisuk", "Chanthawong", "Wongsa"], ["Don", "Somchai", "Pranee"], False),
    "SGP": (["Tan", "Lim", "Balakrishnan", "Ng"], ["Vivian", "Mei Ling", "Kok Wai"], False),
    "MNG": (["Batbold", "Ganbaatar", "Enkhbayar"], ["Battsetseg", "Tsogtbaatar", "Oyun"], False),
    "SRB": (
        ["Jovanović", "Petrović", "Dačić", "Nikolić"],
        ["Ivica", "Marko", "Jelena", "Nikola"],
        False,
    ),
}
GENERIC_NAMES = (
    [
        "Martin",
        "Silva",
        "Kumar",
        "Ahmed",
        "Müller",
        "Dubois",
        "Rossi",
        "García",
        "Yilmaz",
        "Okafor",
        "Haddad",
        "Cohen",
        "Smith",
        "Nowak",
        "Santos",
        "Rahman",
        "Mensah",
        "Lindqvist",
    ],
    [
        "Anna",
        "David",
        "Maria",
        "Omar",
        "Fatima",
        "Lukas",
        "Sofia",
        "Rahul",
        "Amara",
        "Elif",
        "Thomas",
        "Nadia",
        "Carlos",
        "Yusuf",
        "Claire",
        "Tunde",
        "Ingrid",
        "Pedro",
    ],
    False,
)

# A participant's title, its weight, and its style in a sentence ("Chinese Foreign Minister Li
# Wei", "the Chinese foreign minister"); None where that would read as a topic ("security").
TITLES = [
    ("Minister of Foreign Affairs", 5, "Foreign Minister"),
    ("President", 2, "President"),
    ("Prime Minister", 2, "Prime Minister"),
    ("Deputy Foreign Minister", 3, "Deputy Foreign Minister"),
    ("Special Envoy", 1, "Special Envoy"),
    ("National Security Adviser", 1, None),
]
# A country's own name for an office (title, style), or None where it has no such office.
_NO_PRESIDENT = dict.fromkeys(
    ["JPN", "GBR", "CAN", "AUS", "ESP", "THA", "SAU"], {"President": None}
)
_NO_PRIME_MINISTER = dict.fromkeys(
    ["USA", "BRA", "ARG", "MEX", "IDN", "NGA", "ZAF", "IRN"], {"Prime Minister": None}
)
OFFICES = _NO_PRESIDENT | _NO_PRIME_MINISTER
OFFICES["USA"] = OFFICES["USA"] | {
    "Minister of Foreign Affairs": ("Secretary of State", "Secretary of State"),
    "Deputy Foreign Minister": ("Deputy Secretary of State", "Deputy Secretary of State"),
}
OFFICES["GBR"] = OFFICES["GBR"] | {
    "Minister of Foreign Affairs": ("Foreign Secretary", "Foreign Secretary")
}
OFFICES["CHN"] = {"Prime Minister": ("Premier", "Premier")}


def titles_of(code):
    """The titles of a country's officials, each repeated by its weight: (title, style)."""
    offices = OFFICES.get(code, {})
    titles = []
    for title, weight, style in TITLES:
        own = offices.get(title, (title, style))
        if own is not None:
            titles += [own] * weight
    return titles


KIND_WEIGHTS = {
    EventKind.PHONE_CALL: 35,
    EventKind.MEETING: 28,
    EventKind.VISIT: 10,
    EventKind.VIDEO_CALL: 8,
    EventKind.MULTILATERAL: 8,
    EventKind.MESSAGE: 5,
    EventKind.PRESS_CONFERENCE: 3,
    EventKind.STATEMENT: 2,
    EventKind.OTHER: 1,
}

# Event titles by kind: {a} and {b} the first two participants, {place} the second one's
# capital, {country} its name, {forum} the meeting of a group both belong to.
TITLE_PATTERNS = {
    EventKind.PHONE_CALL: [
        "{a} holds phone talks with {b}",
        "{a} speaks by phone with {b}",
        "{a} has a telephone conversation with {b}",
    ],
    EventKind.VIDEO_CALL: ["{a} holds a video call with {b}", "{a} holds video talks with {b}"],
    EventKind.MEETING: ["{a} meets {b}", "{a} meets {b} in {place}", "{a} holds talks with {b}"],
    EventKind.VISIT: [
        "{a} pays an official visit to {country}",
        "{a} visits {place} for talks with {b}",
    ],
    EventKind.MULTILATERAL: ["{a} attends {forum} in {place}"],
    EventKind.MESSAGE: ["{a} sends a message to {b}", "{a} writes to {b}"],
    EventKind.PRESS_CONFERENCE: [
        "{a} and {b} hold a joint press conference",
        "{a} and {b} meet the press",
    ],
    EventKind.STATEMENT: ["{a} and {b} issue a joint statement"],
    EventKind.OTHER: ["{a} and {b} hold consultations", "{a} and {b} hold political consultations"],
}
# How a sentence may begin, by kind of event ("During the call, ...").
OPENERS = {
    EventKind.PHONE_CALL: ["During the call", "In the phone conversation", "Speaking by phone"],
    EventKind.VIDEO_CALL: ["During the video call", "In the video conference"],
    EventKind.MEETING: ["During the talks", "At the meeting", "In the talks"],
    EventKind.VISIT: ["During the visit", "In the talks", "At the talks"],
    EventKind.MULTILATERAL: ["At the meeting", "On the sidelines of the meeting", "In the session"],
    EventKind.MESSAGE: ["In the message", "In the letter"],
    EventKind.PRESS_CONFERENCE: ["At the press conference", "Speaking to reporters"],
    EventKind.STATEMENT: ["In the statement", "In the joint statement"],
    EventKind.OTHER: ["During the consultations", "In the consultations"],
}
# Kinds in which one participant can be said to have told the other something.
FACE_TO_FACE = {
    EventKind.PHONE_CALL,
    EventKind.VIDEO_CALL,
    EventKind.MEETING,
    EventKind.VISIT,
    EventKind.OTHER,
}

# The country as a sentence names it, and its adjective ("the Chinese side").
COUNTRY_WORDS = {
    "CHN": ("China", "Chinese"),
    "RUS": ("Russia", "Russian"),
    "USA": ("the United States", "US"),
    "JPN": ("Japan", "Japanese"),
    "IND": ("India", "Indian"),
    "DEU": ("Germany", "German"),
    "FRA": ("France", "French"),
    "GBR": ("the United Kingdom", "British"),
    "TUR": ("Türkiye", "Turkish"),
    "ZAF": ("South Africa", "South African"),
    "BRA": ("Brazil", "Brazilian"),
    "IRN": ("Iran", "Iranian"),
    "KOR": ("South Korea", "South Korean"),
    "SAU": ("Saudi Arabia", "Saudi"),
    "PAK": ("Pakistan", "Pakistani"),
    "KAZ": ("Kazakhstan", "Kazakh"),
    "EGY": ("Egypt", "Egyptian"),
    "IDN": ("Indonesia", "Indonesian"),
    "VNM": ("Vietnam", "Vietnamese"),
    "UKR": ("Ukraine", "Ukrainian"),
    "MEX": ("Mexico", "Mexican"),
    "ARG": ("Argentina", "Argentine"),
    "AUS": ("Australia", "Australian"),
    "CAN": ("Canada", "Canadian"),
    "ITA": ("Italy", "Italian"),
    "ESP": ("Spain", "Spanish"),
    "NGA": ("Nigeria", "Nigerian"),
    "ETH": ("Ethiopia", "Ethiopian"),
    "ISR": ("Israel", "Israeli"),
    "ARE": ("the United Arab Emirates", "Emirati"),
    "SRB": ("Serbia", "Serbian"),
    "BLR": ("Belarus", "Belarusian"),
    "MNG": ("Mongolia", "Mongolian"),
    "SGP": ("Singapore", "Singaporean"),
    "THA": ("Thailand", "Thai"),
}
CITIES = {
    "CHN": "Beijing",
    "RUS": "Moscow",
    "USA": "Washington",
    "JPN": "Tokyo",
    "IND": "New Delhi",
    "DEU": "Berlin",
    "FRA": "Paris",
    "GBR": "London",
    "TUR": "Ankara",
    "ZAF": "Pretoria",
    "BRA": "Brasília",
    "IRN": "Tehran",
    "KOR": "Seoul",
    "SAU": "Riyadh",
    "PAK": "Islamabad",
    "KAZ": "Astana",
    "EGY": "Cairo",
    "IDN": "Jakarta",
    "VNM": "Hanoi",
    "UKR": "Kyiv",
    "MEX": "Mexico City",
    "ARG": "Buenos Aires",
    "AUS": "Canberra",
    "CAN": "Ottawa",
    "ITA": "Rome",
    "ESP": "Madrid",
    "NGA": "Abuja",
    "ETH": "Addis Ababa",
    "ISR": "Jerusalem",
    "ARE": "Abu Dhabi",
    "SRB": "Belgrade",
    "BLR": "Minsk",
    "MNG": "Ulaanbaatar",
    "SGP": "Singapore",
    "THA": "Bangkok",
}

# Whose language a side speaks on the contested topics (phrases.toml): a camp's own lines
# where the file has them, the common ones otherwise.
EUROPE = {"DEU", "FRA", "GBR", "ITA", "ESP"}
CAMPS = {
    **dict.fromkeys({"USA", "CAN", "AUS", "JPN", "KOR", *EUROPE}, "west"),
    "RUS": "russia",
    "BLR": "russia",
    "UKR": "ukraine",
    "CHN": "china",
    "IRN": "iran",
    "ISR": "israel",
}

# How often a topic comes up, among those the pair of countries would discuss (a group's
# affairs only between its members, who raise them often).
TOPIC_WEIGHTS = {
    "bilateral-relations": 26,
    "trade": 12,
    "multilateralism": 9,
    "ukraine": 8,
    "energy": 6,
    "security": 6,
    "un": 5,
    "economy": 4,
    "investment": 4,
    "people-to-people": 4,
    "middle-east": 4,
    "high-level-visits": 3,
    "sanctions": 3,
    "arms-control": 3,
    "brics": 6,
    "korean-peninsula": 2,
    "sco": 4,
    "g20": 3,
    "syria": 2,
    "taiwan": 2,
    "climate": 2,
    "apec": 1,
    "afghanistan": 1,
    "venezuela": 1,
    "arctic": 1,
    "health": 1,
    "consular": 1,
}

# Who raises a regional issue: pairs of groups (one side in the first, the other in the second,
# either way round); ANY for any counterpart. A topic not listed here is for every pair.
ANY = None
_UKRAINE_CONCERNED = {"USA", "CAN", "CHN", "TUR", "JPN", "KAZ", "SRB", "IND", "BRA", "ZAF"}
_GULF = {"IRN", "ISR", "SAU", "ARE", "EGY", "TUR"}
_SYRIA = {"TUR", "IRN", "RUS", "USA", "ISR", "SAU", "ARE", "EGY"}
_KOREA = {"CHN", "RUS", "USA", "MNG"}
_AFGHANISTAN = {"IRN", "IND", "CHN", "RUS", "KAZ", "USA", "TUR", "GBR", "DEU"}
_AMERICAS = {"USA", "CAN", "BRA", "ARG", "MEX"}
_ARCTIC = {"RUS", "USA", "CAN"}
_NUCLEAR = {"USA", "RUS", "CHN", "GBR", "FRA"}
TOPIC_PARTIES = {
    "ukraine": [
        ({"UKR", "RUS", "BLR"}, ANY),
        (EUROPE | _UKRAINE_CONCERNED, EUROPE | _UKRAINE_CONCERNED),
    ],
    "middle-east": [
        (_GULF, ANY),
        (
            {"USA", "RUS", "CHN", "IND", "PAK", "IDN", "JPN"} | EUROPE,
            {"USA", "RUS", "CHN", "IND", "PAK", "IDN", "JPN"} | EUROPE,
        ),
    ],
    "syria": [(_SYRIA, _SYRIA | {"FRA", "GBR", "DEU", "CHN"})],
    "korean-peninsula": [({"KOR", "JPN"}, ANY), (_KOREA, _KOREA)],
    "afghanistan": [({"PAK"}, ANY), (_AFGHANISTAN, _AFGHANISTAN)],
    "venezuela": [(_AMERICAS, _AMERICAS | {"RUS", "CHN", "ESP"})],
    "arctic": [(_ARCTIC, _ARCTIC | {"CHN", "JPN", "KOR", "IND", "SGP", "GBR", "FRA", "DEU"})],
    "taiwan": [({"CHN"}, ANY), ({"USA"}, {"JPN", "KOR", "AUS", "GBR", "CAN", "FRA", "DEU"})],
    "arms-control": [
        ({"USA", "RUS"}, ANY),
        (_NUCLEAR | {"IND", "PAK"}, _NUCLEAR | {"IND", "PAK", "DEU", "JPN", "KOR", "IRN", "KAZ"}),
    ],
    "sanctions": [({"RUS", "BLR", "IRN", "CHN", "USA", "CAN", "AUS", "JPN"} | EUROPE, ANY)],
}
# Pairs whose relations are bad, from a year to a year: "strained", their sides speak of it
# (phrases.toml's [bilateral-relations.strained]); "hostile", also no talk of trade, energy,
# visits and the like. NO_CONTACT pairs meet in no generated event.
RELATIONS = {
    frozenset(pair): periods
    for pair, periods in [
        (("RUS", "UKR"), [("strained", 2014, 2021), ("hostile", 2022, 9999)]),
        (("RUS", "USA"), [("strained", 2014, 2021), ("hostile", 2022, 9999)]),
        (("RUS", "GBR"), [("strained", 2018, 2021), ("hostile", 2022, 9999)]),
        *(((code, "RUS"), [("hostile", 2022, 9999)]) for code in EUROPE - {"GBR"}),
        *(((code, "RUS"), [("hostile", 2022, 9999)]) for code in ("CAN", "AUS", "JPN")),
        (("BLR", "UKR"), [("hostile", 2022, 9999)]),
        (("IRN", "USA"), [("hostile", 0, 9999)]),
        (("IND", "PAK"), [("strained", 0, 9999)]),
        (("CHN", "USA"), [("strained", 2018, 9999)]),
        (("IRN", "SAU"), [("strained", 2016, 2022)]),
        (("AUS", "CHN"), [("strained", 2020, 2022)]),
    ]
}
WARM_TOPICS = {"high-level-visits", "economy", "trade", "investment", "energy", "people-to-people"}
NO_CONTACT = {frozenset(("IRN", "ISR"))}

# The first year a topic can come up in (the crisis began, the group was founded).
TOPIC_SINCE = {"ukraine": 2014, "syria": 2011}

# Groups whose meetings give a multilateral event its title, and whose topic both sides may
# raise only as members: member and the year it joined.
FORUMS = {
    "brics": (
        "the BRICS foreign ministers' meeting",
        {"BRA": 2009, "RUS": 2009, "IND": 2009, "CHN": 2009, "ZAF": 2011}
        | dict.fromkeys(["EGY", "ETH", "IRN", "ARE"], 2024)
        | {"IDN": 2025},
    ),
    "sco": (
        "the SCO Council of Foreign Ministers",
        dict.fromkeys(["CHN", "RUS", "KAZ"], 2001)
        | {"IND": 2017, "PAK": 2017, "IRN": 2023, "BLR": 2024},
    ),
    "g20": (
        "the G20 foreign ministers' meeting",
        dict.fromkeys(
            ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN"]
            + ["KOR", "MEX", "RUS", "SAU", "ZAF", "TUR", "GBR", "USA"],
            2000,
        ),
    ),
    "apec": (
        "the APEC ministerial meeting",
        dict.fromkeys(
            ["AUS", "CAN", "CHN", "IDN", "JPN", "KOR", "MEX", "RUS", "SGP", "THA", "USA", "VNM"],
            2000,
        ),
    ),
}
GENERIC_FORUM = "a ministerial meeting"

SYNTHETIC_LABEL = "Synthetic"
BILATERAL_KINDS = {EventKind.PHONE_CALL, EventKind.VIDEO_CALL, EventKind.MEETING, EventKind.VISIT}
