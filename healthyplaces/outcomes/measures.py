"""The measures a programme can use, read from the frameworks' YAML (`data/frameworks/`): items, scales, the
SWEMWBS metric table, ONS4 bands, each item's wording where it may be shipped and its licence note.

WEMWBS and SWEMWBS wording is licensed by its owners (registration with the University of Warwick): the files
hold each item's theme only, and the pages say so. ONS wording is Crown copyright under the Open Government
Licence and the UCLA 3-item questions are public; both are shown as asked.

The meaningful change of each measure (the least change counted as an improvement) is the platform's choice
unless said otherwise, and is shown as such.
"""
from dataclasses import dataclass
from functools import cache

import yaml
from django.conf import settings

from healthyplaces.methods.wellbeing import Instrument, band

from .models import Measure


@dataclass(frozen=True)
class Item:
    id: str
    wording: str  # '' where it may not be shipped
    theme: str


@dataclass(frozen=True)
class MeasureInfo:
    code: str
    name: str
    instrument: Instrument
    items: tuple
    options: tuple  # (value, label)
    licence: str
    wording_shipped: bool
    # what is scored → (label, higher is better, meaningful change, where the change comes from)
    components: dict
    bands: dict  # component → [(band, low, high)]
    bands_note: str = ""

    def results_text(self, results):
        return "; ".join(f"{self.components[key][0]} {value:g}" for key, value in results.items()
                         if key in self.components)


def _read(name):
    with open(settings.DATA_DIR / "frameworks" / name, encoding="utf-8") as file:
        return yaml.safe_load(file)


PLATFORM_CHANGE = "the platform's choice (not from a published source)"


def _swemwbs():
    data = _read("swemwbs.yaml")
    items = tuple(Item(i["id"], "", i["theme"]) for i in data["items"])
    table = {int(raw): float(metric) for raw, metric in data["scoring"]["metric"]["raw_to_metric"].items()}
    return MeasureInfo(
        Measure.SWEMWBS, data["name"],
        Instrument(Measure.SWEMWBS, tuple(i.id for i in items), 1, 5, "sum", table, total_name="raw",
                   missing_rule="No published rule allows a missing SWEMWBS item."),
        items, tuple((o["value"], o["label"]) for o in data["response_scale"]["options"]),
        " ".join(data["source"]["licence"].split()), False,
        {"metric": ("SWEMWBS metric score", True, 3.0, "Warwick's guidance of 1 to 3 points; the platform takes 3"),
         "raw": ("SWEMWBS raw score", True, 3.0, PLATFORM_CHANGE)},
        {}, "Interpretation bands are not verified and not shown.")


def _wemwbs():
    data = _read("wemwbs.yaml")
    items = tuple(Item(i["id"], "", i["theme"]) for i in data["items"])
    return MeasureInfo(
        Measure.WEMWBS, data["name"],
        Instrument(Measure.WEMWBS, tuple(i.id for i in items), 1, 5, "sum",
                   missing_rule="No published rule allows a missing WEMWBS item."),
        items, tuple((o["value"], o["label"]) for o in data["response_scale"]["options"]),
        data["source"]["licence"], False,
        {"total": ("WEMWBS score", True, 3.0, "Warwick's guidance of 3 to 8 points; the platform takes 3")}, {})


def _ons4():
    data = _read("ons4_personal_wellbeing.yaml")
    items = tuple(Item(i["id"], i["text"], i["domain"].replace("_", " ")) for i in data["items"])
    labels = {"life_satisfaction": "Life satisfaction", "worthwhile": "Things done are worthwhile",
              "happiness": "Happiness yesterday", "anxiety": "Anxiety yesterday"}
    return MeasureInfo(
        Measure.ONS4, data["name"],
        Instrument(Measure.ONS4, tuple(i.id for i in items), 0, 10, "each"),
        items, tuple((v, str(v)) for v in range(11)),
        f"Crown copyright, {data['source']['licence']}: the wording may be reused.", True,
        {i["id"]: (labels[i["id"]], i["direction"] == "higher_is_better", 1.0, PLATFORM_CHANGE) for i in data["items"]},
        {key: [(b["band"].replace("_", " "), b["min"], b["max"]) for b in bands]
         for key, bands in data["scoring"]["thresholds"].items()})


def _loneliness():
    data = _read("loneliness_ucla3_ons.yaml")
    ucla, direct = data["instruments"]
    ucla_items = tuple(Item(i["id"], i["text"], "") for i in ucla["items"])
    direct_item = Item(direct["item"]["id"], direct["item"]["text"], "")
    options = tuple((o["value"], o["label"]) for o in direct["options"])
    return (
        MeasureInfo(Measure.UCLA3, ucla["name"],
                    Instrument(Measure.UCLA3, tuple(i.id for i in ucla_items), 1, 3, "sum",
                               missing_rule="No published rule allows a missing UCLA item."),
                    ucla_items, tuple((o["value"], o["label"]) for o in ucla["options"]),
                    "The UCLA 3-item questions are published (Hughes et al. 2004) and quoted as ONS gives them.", True,
                    {"total": ("UCLA loneliness score (3 to 9)", False, 1.0, PLATFORM_CHANGE)}, {},
                    "Bands such as 3 to 5 'not lonely' are not verified and not shown."),
        MeasureInfo(Measure.ONS_LONELINESS, direct["name"],
                    Instrument(Measure.ONS_LONELINESS, (direct_item.id,), 1, 5, "each"),
                    (direct_item,), tuple(sorted(options)),
                    "ONS question (Open Government Licence); its wording and options are not yet verified against "
                    "ONS's guidance, and its codes 1 to 5 are the platform's.", True,
                    {direct_item.id: ("How often lonely (1 never to 5 often or always)", False, 1.0, PLATFORM_CHANGE)},
                    {}),
    )


@cache
def measures():
    """{measure code: MeasureInfo}, read once."""
    found = [_swemwbs(), _wemwbs(), _ons4(), *_loneliness()]
    return {info.code: info for info in found}


def info(code):
    return measures()[code]


def bands_of(code, results):
    """{component: band} for the components with bands (ONS4)."""
    bands = info(code).bands
    return {key: band(value, bands[key]) for key, value in results.items() if key in bands}
