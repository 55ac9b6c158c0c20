"""The starting taxonomy of topics, with the keywords by which the readout reader files
statements under them. Editors extend both in the admin; `sync_topics` adds what is missing
here to a database without undoing their changes.

Each entry: slug, name, parent slug (or None), keywords. Keywords are matched as whole words,
case-insensitively; a trailing `*` matches any ending (sanction* = sanction, sanctions...).
"""

DEFAULT_TOPICS = [
    # Relations between the two sides
    (
        "bilateral-relations",
        "Bilateral relations",
        None,
        [
            "bilateral relations",
            "bilateral ties",
            "relations between the two countries",
            "strategic partnership",
            "comprehensive strategic partnership",
            "friendship",
            "good friends",
            "trust and rely",
            "mutual trust",
            "heads of state",
            "consensus reached",
            "high-level exchanges",
            "anniversary",
            "cooperation between the two",
            "two countries",
        ],
    ),
    (
        "high-level-visits",
        "High-level visits",
        "bilateral-relations",
        [
            "state visit",
            "official visit",
            "visit to",
            "summit meeting",
            "upcoming visit",
        ],
    ),
    # Economy
    ("economy", "Economy", None, ["economic", "economy", "pragmatic cooperation"]),
    (
        "trade",
        "Trade",
        "economy",
        [
            "trade",
            "bilateral trade",
            "tariff*",
            "exports",
            "imports",
            "market access",
            "supply chain*",
            "commerce",
        ],
    ),
    (
        "investment",
        "Investment and finance",
        "economy",
        [
            "investment*",
            "financ*",
            "currency",
            "banking",
            "belt and road",
        ],
    ),
    (
        "energy",
        "Energy",
        "economy",
        [
            "energy",
            "oil",
            "natural gas",
            "gas pipeline",
            "nuclear power",
            "lng",
            "pipeline*",
        ],
    ),
    (
        "people-to-people",
        "People-to-people exchanges",
        None,
        [
            "people-to-people",
            "cultural exchange*",
            "tourism",
            "students",
            "humanitarian exchanges",
            "education",
            "culture",
        ],
    ),
    # Security
    (
        "security",
        "Security",
        None,
        [
            "security",
            "military",
            "defence",
            "defense",
            "terroris*",
            "strategic stability",
        ],
    ),
    (
        "arms-control",
        "Arms control and non-proliferation",
        "security",
        [
            "arms control",
            "non-proliferation",
            "nuclear test*",
            "nuclear weapon*",
            "inf treaty",
            "new start",
            "disarmament",
            "missile*",
            "denuclearization",
            "denuclearisation",
        ],
    ),
    ("sanctions", "Sanctions", None, ["sanction*", "unilateral measures", "restrictive measures"]),
    # The multilateral stage
    (
        "multilateralism",
        "Multilateralism",
        None,
        [
            "multilateral*",
            "multipolar*",
            "hegemony",
            "unilateralism",
            "unilaterality",
            "democratization of international relations",
            "democratisation of international relations",
            "international order",
            "global governance",
            "international law",
            "international fairness",
            "international responsibility",
            "multilateral frameworks",
            "world order",
        ],
    ),
    (
        "un",
        "United Nations",
        "multilateralism",
        [
            "united nations",
            "un charter",
            "security council",
            "unsc",
            "general assembly",
        ],
    ),
    ("brics", "BRICS", "multilateralism", ["brics"]),
    (
        "sco",
        "Shanghai Cooperation Organisation",
        "multilateralism",
        [
            "shanghai cooperation organization",
            "shanghai cooperation organisation",
            "sco",
        ],
    ),
    ("g20", "G20", "multilateralism", ["g20", "group of twenty"]),
    ("apec", "APEC", "multilateralism", ["apec", "asia-pacific economic cooperation"]),
    # Regions and crises
    (
        "ukraine",
        "Ukraine",
        None,
        [
            "ukraine",
            "ukrainian",
            "kiev",
            "kyiv",
            "donbas*",
            "crimea",
            "minsk agreements",
            "special military operation",
        ],
    ),
    (
        "middle-east",
        "Middle East",
        None,
        [
            "middle east",
            "iran*",
            "iraq",
            "israel*",
            "palestin*",
            "gaza",
            "lebanon",
            "yemen",
            "golan",
            "persian gulf",
            "jcpoa",
            "soleimani",
        ],
    ),
    ("syria", "Syria", "middle-east", ["syria*", "resolution 2254", "astana format"]),
    (
        "korean-peninsula",
        "Korean Peninsula",
        None,
        [
            "korean peninsula",
            "north korea*",
            "dprk",
            "pyongyang",
            "south korea",
            "korea",
        ],
    ),
    ("afghanistan", "Afghanistan", None, ["afghan*", "taliban"]),
    ("venezuela", "Venezuela", None, ["venezuela*", "caracas", "maduro"]),
    ("arctic", "Arctic", None, ["arctic", "arctic council", "northern sea route"]),
    ("taiwan", "Taiwan", None, ["taiwan", "one-china", "one china"]),
    (
        "climate",
        "Climate and environment",
        None,
        [
            "climate",
            "environmental",
            "environmental protection",
            "emissions",
            "green development",
            "carbon",
        ],
    ),
    ("health", "Health", None, ["covid*", "pandemic", "vaccine*", "public health", "epidemic"]),
    (
        "consular",
        "Consular matters and citizens",
        None,
        [
            "consular",
            "citizens",
            "detained",
            "detention",
            "diplomatic property",
            "embass*",
            "visa*",
            "poisoning",
            "skripal",
        ],
    ),
]


def sync_topics(Topic):
    """Create the default topics that are missing (by slug or name); leave existing topics as
    editors made them. Returns the number of topics created."""
    existing = {topic.slug: topic for topic in Topic.objects.all()}
    created = 0
    for slug, name, parent_slug, keywords in DEFAULT_TOPICS:
        if slug in existing or Topic.objects.filter(name=name).exists():
            continue
        topic = Topic(slug=slug, name=name, keywords=list(keywords))
        topic.parent = existing.get(parent_slug)
        topic.save()
        existing[slug] = topic
        created += 1
    return created
