"""A labelled set of sentences like those residents tell a community connector, for measuring the
personal-data detector (its tests and bench/personal_data.py).

Every name, surname, street, condition and identity below was written for this file: none is taken from
the detector's own lists (personal_data_terms, Faker's names), so the measurement is on held-out words.
Phone numbers are in Ofcom's ranges for drama (07700 900…, 01632 960…) or made up; e-mail domains are
example.* ones. `cases(n, seed)` is deterministic for a seed. About a third of the sentences hold no
personal data at all, with places, days, organisations and numbers that a careless detector would flag.
"""
import random
import re
from dataclasses import dataclass, field

KINDS = ["name", "address", "phone", "email", "postcode", "date_of_birth", "health", "special_category"]

FIRST_NAMES = ["Sarah", "Dave", "Tariq", "Aisha", "Callum", "Jade", "Priya", "Kwame", "Liam", "Chloe", "Gemma",
               "Mohammed", "Fatima", "Kelly", "Darren", "Shaun", "Stacey", "Bilal", "Agnieszka", "Tomasz", "Eileen",
               "Brenda", "Keith", "Norman", "Maureen", "Joanne", "Lee", "Wayne", "Kirsty", "Imran", "Nadia",
               "Chidi", "Ngozi", "Olumide", "Hannah", "Jack", "Ellie", "Ryan", "Zainab", "Yusuf", "Graham",
               "Pauline", "Sandra", "Terry", "Gary", "Ahmed", "Amira", "Owen", "Megan", "Craig", "Lisa", "Julie",
               "Harpreet", "Sunita", "Declan", "Siobhan", "Margaret", "Ken", "Dorothy", "Reece"]
SURNAMES = ["Jones", "Wilson", "Patel", "Khan", "Hussain", "Robson", "Armstrong", "Thompson", "Walker", "Bell",
            "Kowalski", "Nowak", "Okafor", "Mensah", "Harrison", "Atkinson", "Dobson", "Pearson", "Ali", "Begum",
            "Murphy", "O'Brien", "Richardson", "Cartwright", "Singh", "Kaur", "Adeyemi", "Lawson", "Storey",
            "Hodgson"]
STREETS = ["Mill Lane", "High Street", "Oxbridge Avenue", "Bishopton Road", "Cumberland Crescent", "Elm Tree Close",
           "Durham Road", "Yarm Lane", "Lanark Terrace", "Hartington Road", "Westbury Street", "Wren Close",
           "Marlborough Drive", "Dovecot Street", "Holly Grove", "Station Road", "Cherry Tree Walk",
           "Parkside Gardens", "Burnside Court", "Greenwood Avenue", "Victoria Street", "Lingfield Way",
           "Fern Crescent", "Kestrel Close", "Beech Terrace"]
TOWNS = ["Stockton", "Thornaby", "Norton", "Billingham", "Yarm", "Ingleby Barwick", "Eaglescliffe", "Hartburn",
         "Fairfield", "Roseworth", "Middlesbrough", "Hartlepool", "Darlington", "the town centre", "the estate"]
ORGANISATIONS = ["the council", "Catalyst", "the food bank", "Citizens Advice", "the housing association",
                 "the church", "the mosque", "Age UK", "the job centre", "the GP surgery", "the community centre",
                 "the youth club", "the library", "the school", "the hospital"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# What residents say about health, as they say it (the condition itself is labelled).
CONDITIONS = ["diabetes", "type 2 diabetes", "COPD", "asthma", "arthritis", "dementia", "epilepsy", "autism",
              "ADHD", "depression", "anxiety", "bipolar disorder", "schizophrenia", "PTSD", "cancer",
              "breast cancer", "a stroke", "heart failure", "angina", "MS", "Parkinson's", "Alzheimer's",
              "fibromyalgia", "HIV", "hepatitis C", "long Covid", "Crohn's disease", "coeliac disease",
              "sickle cell", "cerebral palsy", "a learning disability", "kidney failure", "emphysema",
              "osteoporosis", "psoriasis", "lupus", "endometriosis", "sciatica", "tinnitus", "glaucoma"]
MEDICINES = ["methadone", "insulin", "morphine", "sertraline", "an inhaler", "chemo", "dialysis"]
SELF_IDENTITY = ["Muslim", "Sikh", "Hindu", "Catholic", "Jewish", "a Jehovah's Witness", "gay", "lesbian",
                 "bisexual", "trans", "non-binary", "Roma", "a Gypsy", "Pakistani", "Black British", "mixed race"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

# {slot} placeholders; each is labelled with its kind (see _SLOT_KINDS).
WITH_PERSONAL_DATA = [
    "Ask for {name} at {address} on {day}, I am diabetic so I need the lunch club.",
    "{name} from {org} helped me fill in the forms.",
    "me and {lower_name} go to the coffee morning every {day}",
    "I spoke to {lower_name} about it last {day}.",
    "Thanks to {full_name} for sorting the boiler.",
    "My neighbour {full_name} checks on me every day since my husband died.",
    "{title} {surname} runs the group at {org} and everyone loves her.",
    "The lady who runs it, {name}, said to come back next week.",
    "We sat with {name} and {name} and talked about the buses.",
    "If you need help ring {name} on {phone}, she knows everyone.",
    "My son {name} goes to the youth club in {town}.",
    "Our street is {address} and the drains flood every winter.",
    "I live at {address}, {postcode}, and the landlord won't fix the damp.",
    "The house on {street} has been empty for two years and kids get in.",
    "There is mould all over the back bedroom at {address}.",
    "{flat_address} has had no heating since {month}.",
    "you can find me at {lower_address} most days",
    "Call me on {phone} after six.",
    "My mobile is {phone} if anything changes.",
    "Text {phone} for the lift to the clinic.",
    "Email me at {email} with the dates.",
    "Her email is {email}, she does the newsletter.",
    "Send it to {email} and I'll print it for the group.",
    "We moved to {postcode} last year and know nobody yet.",
    "My postcode is {postcode} but the bus doesn't come up here.",
    "post it to {lower_postcode} please",
    "I was born on {dob_long} so I remember when the pits closed.",
    "My date of birth is {dob_short}, they always ask for it at the surgery.",
    "DOB: {dob_short}",
    "He was born {dob_long} in {town}.",
    "She said her birthday is {dob_long} and she wants a party at the centre.",
    "born in {dob_month_year} and lived here all my life",
    "I have {condition} so I can't walk to the shops.",
    "My son has {condition} and the school doesn't understand.",
    "Since my {stroke_like} I don't go out much.",
    "She was diagnosed with {condition} last year and she is struggling.",
    "I'm on {medicine} and the chemist in {town} closed.",
    "My husband has {condition} and I care for him full time.",
    "Living with {condition} means I need a bus that stops nearer.",
    "I am {identity} and I don't always feel welcome at the centre.",
    "As {identity_a} I worry about going out at night.",
    "My daughter is {identity} and got bullied at school.",
    "I'm {identity} and the group has been a lifeline.",
    "{name} has {condition} and lives at {address}, ring {phone}.",
    "Tell {lower_name} the form needs her date of birth, {dob_short}.",
    "My name is {lower_name} and I've got {condition}.",
    "Ask for {name} at {address} on {day}s, {pronoun} is {identity}.",
    "{name}'s mum looks after the kids when I'm at work.",
    "Me and {name} have been coming since it opened.",
    "It was {name} who told us about the warm space.",
    "Nobody from {org} came when {full_name} complained.",
    "{lower_name} said the warden is never there",
    "I've lived at {address} for forty years.",
    "The flats on {street} are full of damp.",
    "Write to me at {flat_address}, {postcode}.",
    "Give us a ring on {phone} or pop in.",
    "Contact: {email}",
    "He's got {condition} so he can't work.",
    "My mam's {condition} is getting worse and the stairs are too much.",
    "My wife is {identity} and people stare on the bus.",
    "{name} and {name} from {town} came to every session.",
]
WITHOUT_PERSONAL_DATA = [
    "The buses stop too early for shift workers in {town}.",
    "This is important to everyone on the estate.",
    "I am not happy with the repairs {org} did.",
    "There were 150 people at the fair in {town} in 2024.",
    "The meeting on 03/04/2024 was well attended.",
    "The TS18 area needs more benches near the shops.",
    "Call me back if the clinic moves.",
    "Prices rose by 15% since 2019 and wages didn't.",
    "We go to {org} every {day} for the warm space.",
    "{org} helped us apply for a grant for the garden.",
    "Hope is all we have left since the library shut in {town}.",
    "Will {org} fix the lights on the estate?",
    "May is when the fair comes to {town}.",
    "Mark my words, the rents will keep going up.",
    "The number 7 bus to {town} never comes on time.",
    "It takes 45 minutes to walk to {town} with the kids.",
    "Waiting lists for mental health support are long and people give up.",
    "It is hard to get a GP appointment without phoning at eight in the morning.",
    "A health check stall at the market would reach men who never see a GP.",
    "The riverside path in {town} is well used for walking.",
    "Energy bills mean some households choose between heating and eating.",
    "The community centre's coffee morning is where older residents meet.",
    "The last bus back from {town} leaves too early for people on late shifts.",
    "Damp and mould in rented homes are making children's breathing worse.",
    "Young people say there are few jobs they can get to without a car.",
    "On {day} the market in {town} is busy but the toilets are shut.",
    "We raised £300 at the bake sale on {day} {number} {month}.",
    "The group meets from 10 till 12 in the hall behind {org}.",
    "There's nothing for teenagers in {town} after 6 o'clock.",
    "Free swimming in the holidays would get the kids active.",
    "The park in {town} feels unsafe after dark.",
    "Since {month} the food bank has had twice as many families.",
    "People in {town} are proud of the area's history.",
    "The 2019 plan promised a new surgery and nothing happened.",
    "Ring the council and they just put you on hold.",
    "Grace at the end of the meal is a nice tradition at the lunch club.",
    "Bring a friend to the walking group, it's free.",
    "The pharmacy opening hours were cut to 9 till 5.",
    "Older people in {town} say the benches were taken away.",
    "My son goes to the youth club on {day}s.",
    "My neighbour checks on me every day.",
    "I have lived here for 30 years and never seen it this bad.",
    "The chemist in {town} is the only one open on {day}.",
    "The church and the mosque run the food parcels together.",
    "The Stockton and Darlington Railway is part of our history.",
    "Billingham Forum reopened after the repairs.",
    "The Tees Barrage is great for a walk on a {day}.",
    "Preston Park museum has free entry.",
    "Ropner Park needs new swings.",
    "We went to Newcastle for the match.",
    "Diabetes rates are higher in the most deprived wards.",
    "The report said obesity is rising in the borough.",
    "Children from the primary school sang at the fair.",
    "Wellbeing champions run walks from the hub on {day}s.",
    "People told us they want more say in how the money is spent.",
    "The warm space at St Mary's is open till four.",
    "Morrisons in {town} has a community room.",
    "Jobs at the Amazon warehouse in Darlington are hard to get to by bus.",
]
_SLOT_KINDS = {"name": "name", "lower_name": "name", "full_name": "name", "surname": "name",
               "address": "address", "street": "address", "flat_address": "address", "lower_address": "address",
               "phone": "phone", "email": "email", "postcode": "postcode", "lower_postcode": "postcode",
               "dob_long": "date_of_birth", "dob_short": "date_of_birth", "dob_month_year": "date_of_birth",
               "condition": "health", "stroke_like": "health", "medicine": "health",
               "identity": "special_category", "identity_a": "special_category"}


@dataclass
class Case:
    text: str
    spans: list = field(default_factory=list)  # (kind, start, end)


def _phone(rng):
    return rng.choice([
        lambda: f"07700 900{rng.randint(0, 999):03d}",
        lambda: f"07700900{rng.randint(0, 999):03d}",
        lambda: f"+44 7700 900 {rng.randint(0, 999):03d}",
        lambda: f"+44 (0)1632 960{rng.randint(0, 999):03d}",
        lambda: f"01632 960 {rng.randint(0, 999):03d}",
        lambda: f"(01632) 960{rng.randint(0, 999):03d}",
        lambda: f"07{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}",
        lambda: f"01642 {rng.randint(100, 999)} {rng.randint(100, 999)}",
    ])()


def _postcode(rng):
    inward = f"{rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    outward = rng.choice(["TS17", "TS18", "TS19", "TS20", "TS21", "TS23", "TS15", "DL1", "NE1", "M14", "B11"])
    return f"{outward}{rng.choice([' ', ' ', ''])}{inward}"


def _date(rng, style):
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1930, 2012)
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(day, "th")
    if style == "long":
        return rng.choice([f"{day} {MONTHS[month - 1]} {year}", f"the {day}{suffix} of {MONTHS[month - 1]} {year}",
                           f"{MONTHS[month - 1]} {day}, {year}", f"{day}{suffix} {MONTHS[month - 1][:3]} {year}"])
    if style == "month_year":
        return f"{MONTHS[month - 1]} {year}"
    return rng.choice([f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{str(year)[2:]}", f"{day}.{month}.{year}",
                       f"{year}-{month:02d}-{day:02d}"])


def _fill(slot, rng):
    if slot == "name":
        return rng.choice(FIRST_NAMES)
    if slot == "lower_name":
        return rng.choice(FIRST_NAMES).lower()
    if slot == "full_name":
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    if slot == "surname":
        return rng.choice(SURNAMES)
    if slot in ("address", "lower_address"):
        address = f"{rng.randint(1, 140)}{rng.choice(['', '', '', 'a', 'b'])} {rng.choice(STREETS)}"
        return address.lower() if slot == "lower_address" else address
    if slot == "street":
        return rng.choice(STREETS)
    if slot == "flat_address":
        return f"Flat {rng.randint(1, 12)}, {rng.randint(1, 90)} {rng.choice(STREETS)}"
    if slot == "phone":
        return _phone(rng)
    if slot == "email":
        user = rng.choice([f"{rng.choice(FIRST_NAMES).lower()}.{rng.choice(SURNAMES).lower()}",
                           f"{rng.choice(FIRST_NAMES).lower()}{rng.randint(1, 99)}", "thegardeners", "nan_of_six"])
        domain = rng.choice(["example.org", "example.com", "example.co.uk", "example.net"])
        return f"{user.replace(chr(39), '')}@{domain}"  # no apostrophe, as in O'Brien
    if slot in ("postcode", "lower_postcode"):
        code = _postcode(rng)
        return code.lower() if slot == "lower_postcode" else code
    if slot == "dob_long":
        return _date(rng, "long")
    if slot == "dob_short":
        return _date(rng, "short")
    if slot == "dob_month_year":
        return _date(rng, "month_year")
    if slot == "condition":
        return rng.choice(CONDITIONS)
    if slot == "stroke_like":
        return rng.choice(["stroke", "heart attack", "breakdown", "cancer", "mastectomy", "chemo", "hip replacement"])
    if slot == "medicine":
        return rng.choice(MEDICINES)
    if slot == "identity":
        return rng.choice(SELF_IDENTITY)
    if slot == "identity_a":
        return rng.choice(["a Muslim", "a gay man", "a trans woman", "a Sikh", "a Black woman", "a lesbian",
                           "a Jewish family", "a Polish woman", "a practising Catholic"])
    return {"title": lambda: rng.choice(["Mrs", "Mr", "Ms", "Dr"]), "day": lambda: rng.choice(DAYS),
            "town": lambda: rng.choice(TOWNS), "org": lambda: rng.choice(ORGANISATIONS),
            "month": lambda: rng.choice(MONTHS), "number": lambda: str(rng.randint(1, 28)),
            "pronoun": lambda: rng.choice(["he", "she"])}[slot]()


def _render(template, rng):
    text, spans, at = "", [], 0
    for match in re.finditer(r"\{(\w+)\}", template):
        text += template[at:match.start()]
        value = _fill(match.group(1), rng)
        if match.start() == 0:
            value = value[:1].upper() + value[1:]
        kind = _SLOT_KINDS.get(match.group(1))
        if kind == "special_category" and value.startswith("a "):
            value_start = len(text) + 2  # the identity, not the article
        else:
            value_start = len(text)
        text += value
        if kind:
            spans.append((kind, value_start, len(text)))
        at = match.end()
    text += template[at:]
    if "I am diabetic" in text:  # written into a template, not filled in
        position = text.index("I am diabetic") + len("I am ")
        spans.append(("health", position, position + len("diabetic")))
    return Case(text, sorted(spans, key=lambda s: s[1]))


def cases(count, seed=2026):
    """`count` labelled sentences: two thirds with personal data, one third without."""
    rng = random.Random(seed)
    made = []
    for n in range(count):
        templates = WITH_PERSONAL_DATA if n % 3 else WITHOUT_PERSONAL_DATA
        made.append(_render(templates[rng.randrange(len(templates))], rng))
    return made


def score(labelled, found):
    """Recall and precision per kind: a finding is right when it overlaps a labelled span of its kind.
    Returns {kind: {"labelled", "recalled", "found", "right", "recall", "precision"}}."""
    figures = {kind: {"labelled": 0, "recalled": 0, "found": 0, "right": 0} for kind in KINDS}
    for case, findings in zip(labelled, found):
        for kind, start, end in case.spans:
            figures[kind]["labelled"] += 1
            figures[kind]["recalled"] += any(f.kind == kind and f.start < end and start < f.end for f in findings)
        for f in findings:
            figures[f.kind]["found"] += 1
            figures[f.kind]["right"] += any(kind == f.kind and f.start < end and start < f.end
                                            for kind, start, end in case.spans)
    for row in figures.values():
        row["recall"] = row["recalled"] / row["labelled"] if row["labelled"] else 1.0
        row["precision"] = row["right"] / row["found"] if row["found"] else 1.0
    return figures


def misses(labelled, found):
    """What the detector missed and what it wrongly flagged, to read when a figure falls."""
    lines = []
    for case, findings in zip(labelled, found):
        for kind, start, end in case.spans:
            if not any(f.kind == kind and f.start < end and start < f.end for f in findings):
                lines.append(f"missed {kind} {case.text[start:end]!r} in {case.text!r}")
        for f in findings:
            if not any(kind == f.kind and f.start < end and start < f.end for kind, start, end in case.spans):
                lines.append(f"wrong {f.kind} {f.text!r} in {case.text!r}")
    return lines
