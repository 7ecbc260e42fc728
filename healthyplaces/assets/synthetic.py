"""Made-up but realistic assets: for the sample data, the benchmark and the de-duplication test.

Nothing here is a real organisation or person. Names are a place and a kind of asset; groups often
share a venue (its address, postcode and phone), which makes de-duplication hard in the way real
directories are. `variant()` rewrites a record as a second partner would: typos, abbreviations,
other formatting and missing fields.
"""
import random
import re

PLACES = ["Norton", "Billingham", "Thornaby", "Yarm", "Eaglescliffe", "Ingleby Barwick", "Hartburn", "Roseworth",
          "Hardwick", "Portrack", "Fairfield", "Bishopsgarth", "Elm Tree", "Newtown", "Mandale", "Victoria",
          "Stillington", "Wolviston", "Parkfield", "Oxbridge", "Grangefield", "Preston", "Redhill", "Whitton"]
KINDS = {
    "association": ["Youth Club", "Men's Shed", "Walking Group", "Knit and Natter", "Residents Association",
                    "Football Club", "Allotment Society", "Parent and Toddler Group", "Dementia Cafe", "Running Club",
                    "Community Choir", "Lunch Club", "Bowls Club", "Scout Group", "Gardening Club", "Carers Group",
                    "Friendship Group", "Cycling Club"],
    "institution": ["Library", "Family Hub", "Health Centre", "Food Bank", "Advice Centre", "Pharmacy",
                    "Primary School", "Children's Centre", "Wellbeing Service", "Housing Advice Service"],
    "space": ["Community Centre", "Park", "Village Hall", "Community Garden", "Playing Fields", "Church Hall",
              "Leisure Centre", "Nature Reserve", "Sports Pavilion"],
    "economic": ["Credit Union", "Community Shop", "Social Supermarket", "Employment Hub", "Repair Cafe",
                 "Tool Library"],
    "cultural": ["Heritage Group", "Arts Collective", "Mosque", "Gurdwara", "Museum", "Theatre Group", "Film Club",
                 "Local History Society"],
}
THEMES = {"association": "L2_social_community", "institution": "L3_health_care", "space": "X_built_environment",
          "economic": "L4_general_conditions", "cultural": "L4_general_conditions", "person": "L2_social_community"}
FIRST = ["Jean", "Ahmed", "Priya", "Tom", "Margaret", "Kofi", "Sian", "Dave", "Olena", "Raj", "Beth", "Tariq"]
LAST = ["Smith", "Hussain", "Patel", "Brown", "Wilson", "Mensah", "Evans", "Walker", "Kowalska", "Singh"]
SKILLS = ["sewing tutor", "bike mechanic", "befriender", "gardener", "cook", "first aider", "IT helper", "coach"]
STREETS = ["High Street", "Station Road", "Church Lane", "Park Avenue", "Mill Street", "Queen Street", "Green Lane",
           "Victoria Road", "North Road", "Chapel Street", "Westbourne Road", "Grange Avenue", "Bishop Street"]
DISTRICTS = ["TS16", "TS17", "TS18", "TS19", "TS20", "TS21", "TS22", "TS23", "TS15"]
ABBREVIATE = [("Community", "Comm."), ("Centre", "Ctr"), ("Street", "St"), ("Road", "Rd"), ("Avenue", "Ave"),
              ("and", "&"), ("Association", "Assoc."), ("Society", "Soc."), ("Group", "Grp"), ("Lane", "Ln")]


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _postcode(rng, district):
    return f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def make_records(n, rng, points=None, unique_names=True, places=None, districts=None):
    """n asset dicts. `points` is a list of (latitude, longitude) to spread them over."""
    places, districts = places or PLACES, districts or DISTRICTS
    combos = [(place, category, kind) for place in places for category, kinds in KINDS.items() for kind in kinds]
    rng.shuffle(combos)
    venues = []
    records = []
    for i in range(n):
        if i % 12 == 11:
            category = "person"
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(SKILLS)}"
            place = rng.choice(places)
        else:
            place, category, kind = combos[i % len(combos)]
            name = f"{place} {kind}"
            if not unique_names and i >= len(combos):
                name = f"{name} {i // len(combos) + 1}"
        point = points[i % len(points)] if points else (54.57 + rng.uniform(-0.06, 0.06), -1.32 + rng.uniform(-0.08, 0.08))
        if venues and rng.random() < 0.35:  # meets at a venue another asset uses
            address, postcode, phone, latitude, longitude = rng.choice(venues)
        else:
            address = f"{rng.randint(1, 180)} {rng.choice(STREETS)}, {place}"
            postcode = _postcode(rng, rng.choice(districts))
            phone = f"01642 {rng.randint(100000, 999999)}"
            latitude, longitude = round(point[0] + rng.uniform(-0.002, 0.002), 6), round(point[1] + rng.uniform(-0.002, 0.002), 6)
            venues.append((address, postcode, phone, latitude, longitude))
        slug = _slug(name)[:40].strip("-")
        records.append({
            "name": name, "category": category, "description": f"{name}: a {category} asset in {place}.",
            "address": address, "postcode": postcode, "phone": phone,
            "email": f"hello@{slug}.org.uk" if rng.random() < 0.7 else "",
            "website": f"https://www.{slug}.org.uk" if rng.random() < 0.6 else "",
            "latitude": latitude, "longitude": longitude, "themes": THEMES[category],
            "communities_of_place": place, "communities_of_interest": "",
            "opening_times": rng.choice(["Mondays 10:00–12:00", "Weekdays 9:00–17:00", "Saturdays 10:00–14:00", ""]),
            "cost": rng.choice(["Free", "£1 a session", "Free; donations welcome"]),
            "provider": f"{place} Community Trust" if rng.random() < 0.4 else "",
            "external_id": "", "published": True, "listing_consent": False, "contact_consent": False,
        })
    return records


def _typo(rng, word):
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    action = rng.choice(["swap", "drop", "double", "replace"])
    if action == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if action == "drop":
        return word[:i] + word[i + 1:]
    if action == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourst") + word[i + 1:]


def _abbreviate(rng, text):
    for long, short in ABBREVIATE:
        if re.search(rf"\b{long}\b", text) and rng.random() < 0.7:
            text = re.sub(rf"\b{long}\b", short, text)
    return text


def variant(record, rng):
    """The same asset as another partner recorded it."""
    out = dict(record)
    name = _abbreviate(rng, record["name"])
    if rng.random() < 0.6:
        words = name.split()
        i = max(range(len(words)), key=lambda k: len(words[k])) if rng.random() < 0.5 else rng.randrange(len(words))
        words[i] = _typo(rng, words[i])
        name = " ".join(words)
    if rng.random() < 0.2:
        name = name.upper() if rng.random() < 0.5 else name.lower()
    if rng.random() < 0.15:
        name = "The " + name
    out["name"] = name
    out["address"] = "" if rng.random() < 0.2 else _abbreviate(rng, record["address"]).replace(",", "")
    postcode = record["postcode"]
    out["postcode"] = "" if rng.random() < 0.2 else rng.choice([postcode, postcode.replace(" ", ""), postcode.lower()])
    phone = record["phone"]
    out["phone"] = "" if rng.random() < 0.4 else rng.choice([phone, phone.replace(" ", ""), "+44 " + phone[1:]])
    out["email"] = "" if rng.random() < 0.4 else record["email"].upper() if rng.random() < 0.2 else record["email"]
    website = record["website"]
    out["website"] = "" if (rng.random() < 0.4 or not website) else rng.choice(
        [website, website.replace("https://www.", "http://"), website + "/"])
    if rng.random() < 0.3:
        out["latitude"] = out["longitude"] = None
    out["description"] = "" if rng.random() < 0.5 else record["description"]
    return out


def labelled_set(n_first=600, n_second_own=250, n_duplicates=250, seed=20261123):
    """Two partners' records and the true duplicate pairs: [(key, partner, values)], {(key_a, key_b)}."""
    rng = random.Random(seed)
    first = make_records(n_first + n_second_own, rng)
    records = [(f"a{i}", "A", r) for i, r in enumerate(first[:n_first])]
    records += [(f"b{i}", "B", r) for i, r in enumerate(first[n_first:])]
    truth = set()
    for j, i in enumerate(rng.sample(range(n_first), n_duplicates)):
        key = f"d{j}"
        records.append((key, "B", variant(first[i], rng)))
        truth.add(tuple(sorted((f"a{i}", key))))
    rng.shuffle(records)
    return records, truth
