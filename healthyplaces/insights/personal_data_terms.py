"""Word lists the personal-data detector uses, kept apart from its logic so they can be read and grown.

Written for this project (no outside source) except where a list says otherwise. The detector's tests
generate their sentences from lists of their own (healthyplaces/insights/tests/personal_data_cases.py),
so these lists are not measured against themselves.
"""

# Health conditions, impairments, treatments and medicines: special-category data (UK GDPR article 9)
# when said about a person. Lower case; matched as whole words, with "'s" and plurals allowed.
HEALTH_TERMS = """
diabetes diabetic prediabetes pre-diabetic insulin metformin hypo hypos
asthma asthmatic inhaler inhalers copd emphysema bronchitis bronchiectasis pneumonia pleurisy sarcoidosis
cancer cancers tumour tumours tumor leukaemia leukemia lymphoma melanoma myeloma sarcoma carcinoma mesothelioma
chemo chemotherapy radiotherapy mastectomy remission oncology palliative hospice
stroke strokes mini-stroke tia heart attack heart attacks cardiac arrest heart failure heart condition
angina arrhythmia atrial fibrillation pacemaker bypass stent hypertension high blood pressure
blood clot dvt thrombosis embolism aneurysm
arthritis osteoarthritis rheumatoid osteoporosis fibromyalgia gout lupus sciatica slipped disc
chronic pain back pain hip replacement knee replacement
dementia alzheimer alzheimer's alzheimers parkinson parkinson's parkinsons huntington's
epilepsy epileptic seizure seizures fits multiple sclerosis ms motor neurone disease mnd
cerebral palsy spina bifida hydrocephalus muscular dystrophy cystic fibrosis sickle cell thalassaemia
autism autistic asperger asperger's aspergers adhd add dyslexia dyslexic dyspraxia dyscalculia
learning disability learning disabilities learning difficulties down's syndrome downs syndrome
tourette tourette's tourettes global developmental delay
depression depressed antidepressant antidepressants anxiety anxious panic attack panic attacks agoraphobia
ptsd post-traumatic stress ocd bipolar schizophrenia schizophrenic psychosis psychotic personality disorder
eating disorder anorexia anorexic bulimia bulimic self-harm self harm self-harming suicidal suicide attempt
postnatal depression breakdown nervous breakdown mental breakdown sectioned
hiv aids hepatitis hep c tuberculosis tb syphilis chlamydia gonorrhoea std sti
long covid chronic fatigue cfs me/cfs
crohn's crohns colitis ibs coeliac celiac diverticulitis stoma colostomy ileostomy
kidney disease kidney failure renal failure dialysis kidney transplant liver disease cirrhosis
transplant obesity obese morbidly obese gastric band bariatric
incontinence incontinent catheter prostate
blind blindness partially sighted sight loss visually impaired glaucoma cataracts macular degeneration
deaf deafness hard of hearing hearing aid hearing aids hearing loss tinnitus
wheelchair user in a wheelchair disabled disability amputee amputation paralysed paraplegic quadriplegic
pregnant pregnancy miscarriage miscarried stillbirth ivf termination abortion
menopause endometriosis pcos
addiction addict addicted alcoholic alcoholism alcohol problem drink problem drinking problem
drug addiction drug problem heroin crack cocaine methadone subutex buprenorphine naloxone detox rehab
recovering addict in recovery
morphine oxycodone codeine tramadol gabapentin pregabalin diazepam valium sertraline fluoxetine prozac
citalopram mirtazapine amitriptyline lithium olanzapine quetiapine risperidone warfarin statins
chronic illness terminal illness terminally ill terminal cancer
""".split("\n")
# The conditions above that are several words long; every other word above is a condition on its own.
_MULTI_WORD = {
    "heart attack", "heart attacks", "cardiac arrest", "heart failure", "heart condition", "atrial fibrillation",
    "high blood pressure", "blood clot", "slipped disc", "chronic pain", "back pain", "hip replacement",
    "knee replacement", "multiple sclerosis", "motor neurone disease", "cerebral palsy", "spina bifida",
    "muscular dystrophy", "cystic fibrosis", "sickle cell", "learning disability", "learning disabilities",
    "learning difficulties", "down's syndrome", "downs syndrome", "global developmental delay", "panic attack",
    "panic attacks", "post-traumatic stress", "personality disorder", "eating disorder", "self harm",
    "suicide attempt", "postnatal depression", "nervous breakdown", "mental breakdown", "hep c", "long covid",
    "chronic fatigue", "kidney disease", "kidney failure", "renal failure", "kidney transplant", "liver disease",
    "morbidly obese", "gastric band", "partially sighted", "sight loss", "visually impaired",
    "macular degeneration", "hard of hearing", "hearing aid", "hearing aids", "hearing loss", "wheelchair user",
    "in a wheelchair", "alcohol problem", "drink problem", "drinking problem", "drug addiction", "drug problem",
    "recovering addict", "in recovery", "chronic illness", "terminal illness", "terminally ill", "terminal cancer",
    "crack cocaine",
}


def _phrases(lines, multi_word):
    """Each multi-word phrase as given, every other word on its own."""
    text = " " + " ".join(line.strip() for line in lines) + " "
    phrases = set()
    for phrase in sorted(multi_word, key=len, reverse=True):
        if f" {phrase} " in text:
            phrases.add(phrase)
            text = text.replace(f" {phrase} ", " ")
    return phrases | set(text.split())


HEALTH_PHRASES = _phrases(HEALTH_TERMS, _MULTI_WORD)
# Ambiguous words that are a condition only in a clear phrase about a person ("I have ms", "she has add").
HEALTH_NEEDS_CONTEXT = {"ms", "add", "me/cfs", "cfs", "fits", "hypo", "hypos", "lithium", "crack", "breakdown",
                        "bypass", "transplant", "detox", "rehab", "termination", "catheter", "prostate", "tb",
                        "aids", "blind", "deaf", "anxious", "remission", "addict", "sectioned", "hospice",
                        "palliative", "oncology", "stoma", "std", "sti"}
# Endings that name conditions ("tendonitis", "psoriasis", "glaucoma") and words that end so but are not.
HEALTH_ENDINGS = ("itis", "osis", "iasis", "aemia", "emia", "plegia", "oma", "pathy", "algia")
NOT_CONDITIONS = {"diagnosis", "prognosis", "osmosis", "hypnosis", "symbiosis", "metamorphosis", "academia",
                  "aroma", "diploma", "diplomas", "coma", "soma", "stoma", "sympathy", "empathy", "apathy",
                  "telepathy", "homeopathy", "naturopathy", "osteopathy", "nostalgia", "neuralgia", "oklahoma",
                  "idioma", "chroma", "paloma", "roma", "noma", "karma"}
# A word before "disease", "syndrome" or "disorder" that does not make a condition of it.
NOT_BEFORE_DISEASE = {"a", "an", "the", "this", "that", "any", "some", "no", "of", "with", "and", "or", "rare",
                      "serious", "his", "her", "their", "my", "our", "your"}

# Special-category details other than health: religion or belief, ethnic origin, sexuality and gender
# identity. Matched when said of a person ("I'm Muslim", "as a gay man", "my son is autistic" is health).
RELIGION_TERMS = {"muslim", "christian", "catholic", "roman catholic", "protestant", "methodist", "baptist",
                  "anglican", "pentecostal", "evangelical", "jehovah's witness", "mormon", "quaker", "jewish",
                  "orthodox jew", "hindu", "sikh", "buddhist", "atheist", "agnostic", "pagan", "rastafarian",
                  "born-again christian", "practising muslim", "practising catholic"}
ETHNICITY_TERMS = {"black", "black british", "white british", "white irish", "mixed race", "mixed-race",
                   "dual heritage", "asian", "british asian", "british pakistani", "british indian",
                   "british bangladeshi", "pakistani", "bangladeshi", "indian", "kashmiri", "chinese", "arab",
                   "kurdish", "somali", "eritrean", "afro-caribbean", "african caribbean", "caribbean",
                   "nigerian", "ghanaian", "roma", "romany", "romani", "gypsy", "traveller", "irish traveller",
                   "polish", "romanian", "syrian", "afghan", "iraqi", "iranian", "sudanese"}
SEXUALITY_TERMS = {"gay", "lesbian", "bisexual", "bi", "queer", "homosexual", "straight", "asexual", "pansexual",
                   "trans", "transgender", "trans woman", "trans man", "non-binary", "nonbinary", "intersex",
                   "gender fluid", "genderfluid", "lgbt", "lgbtq", "lgbtq+", "transitioning"}
# Said of a person anywhere in a sentence, these are sensitive without a phrase before them.
SEXUALITY_ANYWHERE = {"lesbian", "bisexual", "homosexual", "transgender", "trans woman", "trans man",
                      "non-binary", "nonbinary", "intersex", "genderfluid", "pansexual", "asexual",
                      "gay man", "gay woman", "came out",
                      "coming out"}

# First names that are also everyday words: flagged only when written with a capital inside a sentence
# or when spaCy's model or a phrase says they name a person. Added to the words the model's own word
# index (WordNet's verbs, adjectives and adverbs) already marks as everyday.
EVERYDAY_WORDS = {
    "abbey", "admiral", "angel", "april", "art", "asia", "autumn", "baker", "bee", "belle", "bishop",
    "blessing", "bliss", "brandy", "brook", "brooke", "butler", "china", "council", "crystal", "daisy",
    "diamond", "destiny", "dove", "duke", "easter", "faith", "friend", "genesis", "grove", "hall", "harmony",
    "haven", "heather", "heaven", "holly", "infant", "iris", "ivy", "justice", "june", "january", "king",
    "lady", "lane", "lawyer", "lemon", "liberty", "lily", "may", "meadow", "mercy", "miracle", "mills",
    "miner", "peace", "penny", "prince", "princess", "river", "sister", "son", "sunday", "sunshine",
    "trinity", "victory", "villa", "willow", "wood", "tea", "era", "van", "mat", "rod", "tab", "math",
    "pate", "sol", "le", "ed", "al", "ala", "ab", "abb", "ell", "eta", "lu", "ola", "ira", "iva", "bee",
    "doll", "dolly", "fairy", "fern", "flora", "forum", "gene", "herb", "honey", "jean", "jay", "kitty",
    "laurel", "lemma", "metro", "mercer", "nan", "nanna", "opal", "pansy", "poppy", "robin", "ruby",
    "sage", "star", "starling", "sterling", "tiara", "tory", "warner", "webb", "wells", "christ", "jesus",
    "god", "santa", "messiah", "madonna", "lord", "sunny", "guy", "chance", "hope", "joy", "patience",
    "precious", "summer", "winter", "dawn", "rose", "grace", "will", "mark", "bill", "rich", "frank",
    "august", "hunter", "taylor", "page", "ray", "major", "con", "dean", "case", "job", "cash", "love",
}
# Never a person's name alone, though in the name lists: months, days, places on Teesside and the
# English towns that are also first names (chosen from data/lookups/la_all_codes.csv; "Dean" and "Lynn"
# stay names).
NOT_NAMES = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "christmas", "easter", "eid", "diwali", "ramadan", "god", "jesus", "christ", "lord", "allah",
    "stockton", "thornaby", "norton", "billingham", "yarm", "ingleby", "barwick", "eaglescliffe", "hartburn",
    "fairfield", "roseworth", "hardwick", "newtown", "mandale", "parkfield", "oxbridge", "stainsby",
    "grangefield", "bishopsgarth", "teesside", "tees", "hartlepool", "middlesbrough", "darlington",
    "redcar", "durham", "england", "britain", "english", "british", "scottish", "welsh",
    "bedford", "boston", "bradford", "bristol", "camden", "carlisle", "chester", "cleveland", "devon",
    "holland", "kingston", "lincoln", "london", "mansfield", "preston", "richmond", "stafford", "warwick",
    "york", "north", "east", "south", "west", "central",
    "nhs", "gp", "uk", "covid", "council", "catalyst", "age", "email", "text", "ring", "call", "phone",
    "asda", "tesco", "aldi", "lidl", "morrisons",
}
# Words in a person-like span that make it an organisation or a place, not a person.
ORGANISATION_WORDS = {"council", "centre", "center", "club", "trust", "group", "bank", "uk", "nhs", "ltd",
                      "limited", "cic", "charity", "church", "mosque", "school", "academy", "college",
                      "university", "hospital", "surgery", "practice", "library", "hub", "association",
                      "partnership", "foundation", "services", "service", "housing", "homes", "advice",
                      "cafe", "café", "market", "park", "station", "shop", "store", "hall", "house",
                      "road", "street", "lane", "avenue", "way", "close", "drive", "crescent", "court",
                      "tees", "valley", "borough", "town", "city", "ward", "estate", "village"}

# Street types, for street addresses ("12 Mill Lane", "the house on Oxbridge Avenue").
STREET_TYPES = ["Street", "St", "Road", "Rd", "Lane", "Ln", "Avenue", "Ave", "Close", "Drive", "Dr",
                "Crescent", "Cres", "Way", "Grove", "Terrace", "Tce", "Place", "Pl", "Court", "Ct",
                "Gardens", "Gdns", "Walk", "View", "Row", "Square", "Sq", "Mews", "Parade", "Rise", "Vale",
                "Wynd", "Garth", "Croft", "Bank", "Gate", "Grange", "Meadows", "Boulevard", "Crest",
                "Hill", "Green", "Park", "Fields", "Wharf", "Yard", "Chase", "Approach", "Circle", "Dene"]
# Street types written in lower case after a house number ("12 mill lane"); "walk" or "way" would be
# ordinary words there ("45 minutes to walk").
STREET_TYPES_IN_LOWER_CASE = {"street", "road", "lane", "avenue", "close", "drive", "crescent", "grove", "terrace",
                              "place", "court", "gardens", "square", "mews", "parade", "way"}
# These are streets with a house number only ("4 Norton Green"), not alone ("Norton Green" is a place).
STREET_TYPES_NEEDING_NUMBER = {"Hill", "Green", "Park", "Fields", "Bank", "Gate", "Grange", "Chase", "View",
                               "Dr", "St", "Pl", "Ct"}
