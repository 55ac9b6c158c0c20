"""The words of the synthetic readouts: which countries take part and how often, invented
names in each country's manner, titles, kinds of event, what each side says on each topic, and
the places. Data for generate.py; nothing here is a real person's.
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
        ["Sergey", "Dmitry", "Andrei", "Mikhail", "Alexei", "Yelena", "Olga"],
        False,
    ),
    "UKR": (
        ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko"],
        ["Oleksandr", "Andriy", "Iryna", "Dmytro"],
        False,
    ),
    "BLR": (["Novik", "Kravchenko", "Sidorenko"], ["Vladimir", "Natalia", "Viktor"], False),
    "KAZ": (["Nurlanov", "Abenov", "Tokayev-Sarin"], ["Yerlan", "Askar", "Aigerim"], False),
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

TITLES = [
    ("Minister of Foreign Affairs", 5),
    ("President", 2),
    ("Prime Minister", 2),
    ("Deputy Foreign Minister", 3),
    ("Special Envoy", 1),
    ("National Security Adviser", 1),
]

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

TITLE_PATTERNS = {
    EventKind.PHONE_CALL: "{a} holds phone talks with {b}",
    EventKind.VIDEO_CALL: "{a} holds a video call with {b}",
    EventKind.MEETING: "{a} meets {b}",
    EventKind.VISIT: "{a} pays an official visit to {place}",
    EventKind.MULTILATERAL: "{a} attends a ministerial meeting in {place}",
    EventKind.MESSAGE: "{a} sends a message to {b}",
    EventKind.PRESS_CONFERENCE: "{a} and {b} meet the press",
    EventKind.STATEMENT: "{a} issues a statement",
    EventKind.OTHER: "{a} and {b} hold consultations",
}

# What a side says, by topic slug. {self} is the speaker's country, {other} the counterpart.
STATEMENT_PHRASES = {
    "bilateral-relations": [
        "relations between {self} and {other} have maintained a sound momentum of development",
        "{self} is ready to work with {other} to deepen the comprehensive strategic partnership",
        "the two countries should enhance mutual trust and respect each other's core interests",
        "{self} values its friendship with {other} and will keep up high-level exchanges",
    ],
    "trade": [
        "bilateral trade has grown steadily and should be made more balanced",
        "{self} welcomes more high-quality products from {other} to its market",
        "the two sides should keep supply chains stable and oppose protectionism",
    ],
    "investment": [
        "{self} encourages its companies to invest in {other} and expects a fair business environment",
        "financial cooperation and settlement in national currencies should be expanded",
    ],
    "energy": [
        "energy cooperation is a pillar of practical cooperation and long-term contracts should be honoured",
        "{self} is ready to expand cooperation with {other} on oil, natural gas and nuclear power",
    ],
    "people-to-people": [
        "people-to-people exchanges, tourism and student mobility should be restored and expanded",
        "the cultural years and youth exchanges have brought the two peoples closer",
    ],
    "security": [
        "{self} is ready to step up security cooperation and jointly fight terrorism",
        "military exercises near its borders undermine regional security",
    ],
    "arms-control": [
        "strategic stability and arms control agreements must be preserved",
        "{self} calls for the denuclearization of the Korean Peninsula through dialogue",
    ],
    "sanctions": [
        "unilateral sanctions without a mandate of the Security Council are illegitimate",
        "new sanctions would further complicate bilateral relations",
    ],
    "multilateralism": [
        "{self} supports true multilateralism and opposes hegemony and unilateralism",
        "the international order must be based on international law and a multipolar world",
    ],
    "un": [
        "the central role of the United Nations and the principles of the UN Charter must be upheld",
        "the two sides will coordinate closely in the Security Council",
    ],
    "brics": [
        "{self} supports the expansion of BRICS cooperation and the coming summit",
    ],
    "sco": [
        "the Shanghai Cooperation Organisation should play a bigger role in regional security",
    ],
    "ukraine": [
        "{self} stands for a political settlement of the Ukraine crisis through dialogue",
        "the situation in Ukraine requires restraint and the resumption of peace talks",
    ],
    "middle-east": [
        "a ceasefire in Gaza and a two-state solution are urgently needed",
        "the nuclear agreement with Iran should be restored",
    ],
    "syria": ["the settlement in Syria should follow Security Council Resolution 2254"],
    "korean-peninsula": ["tensions on the Korean Peninsula should be eased through dialogue"],
    "afghanistan": ["{self} supports an inclusive political settlement in Afghanistan"],
    "arctic": ["the Arctic should remain a region of peace and cooperation"],
    "climate": [
        "{self} will work with {other} on climate change and green development",
    ],
    "health": ["the two sides will strengthen cooperation on public health and vaccines"],
    "consular": [
        "{self} asks {other} to ensure the safety and legal rights of its citizens",
    ],
}
TOPIC_WEIGHTS = {
    "bilateral-relations": 30,
    "trade": 12,
    "multilateralism": 10,
    "ukraine": 8,
    "energy": 6,
    "security": 6,
    "un": 5,
    "investment": 4,
    "people-to-people": 4,
    "middle-east": 4,
    "sanctions": 3,
    "arms-control": 3,
    "brics": 3,
    "korean-peninsula": 2,
    "sco": 2,
    "syria": 2,
    "climate": 2,
    "afghanistan": 1,
    "arctic": 1,
    "health": 1,
    "consular": 1,
}
VERBS = ["said", "noted", "stressed", "emphasized", "pointed out", "stated", "underlined"]
JOINT_OPENINGS = [
    "The two sides exchanged views on {topic_name} and agreed that {phrase}",
    "Both sides agreed that {phrase}",
    "The ministers noted that {phrase}",
]
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
}

SYNTHETIC_LABEL = "Synthetic"
BILATERAL_KINDS = {EventKind.PHONE_CALL, EventKind.VIDEO_CALL, EventKind.MEETING, EventKind.VISIT}
PROPER_NOUNS = {
    "ukraine",
    "brics",
    "sco",
    "un",
    "g20",
    "apec",
    "middle-east",
    "syria",
    "korean-peninsula",
    "afghanistan",
    "venezuela",
    "arctic",
    "taiwan",
}
