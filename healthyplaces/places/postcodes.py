"""Postcodes: what a person types first. Find one (any spacing or case) and say where it is.

Other parts call `find(text)` (a Postcode or None) or `lsoa_code(text)` (the 2011 LSOA code, '' if not
known), e.g. the survey importer placing an answer by the postcode a respondent gave.
"""
import re
from dataclasses import dataclass
from datetime import date

from .models import LocalAuthority, Lsoa, Postcode, Ward

# A full UK postcode unit: outward code (area letters, district) and inward code (sector digit, unit letters).
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def normalise(text):
    """'ts181aa', ' TS18  1AA ' → 'TS18 1AA' (as ONS writes it); None if the text is not a postcode."""
    compact = re.sub(r"\s+", "", str(text or "")).upper()
    found = POSTCODE.match(compact)
    return f"{found.group(1)} {found.group(2)}" if found else None


def find(text):
    """The postcode, live or terminated, or None if the text is not one or England's files do not hold it."""
    postcode = normalise(text)
    return Postcode.objects.filter(postcode=postcode).first() if postcode else None


def lsoa_code(text):
    """The 2011 LSOA code of a postcode ('' if not held): its last one, for a terminated postcode."""
    found = find(text)
    return found.lsoa11 if found else ""


def lsoa_codes(postcodes):
    """{postcode: its 2011 LSOA code} for the held ones among postcodes written as ONS writes them, in one query."""
    return dict(Postcode.objects.filter(postcode__in=set(postcodes)).exclude(lsoa11="")
                .values_list("postcode", "lsoa11"))


def terminated_text(postcode):
    """'terminated in June 1996', or without the month where the files do not give it."""
    if postcode.live:
        return ""
    if len(postcode.terminated) == 6:
        month = date(int(postcode.terminated[:4]), int(postcode.terminated[4:]), 1)
        return f"terminated in {month:%B %Y}"
    return "terminated (the month is not held)"


@dataclass
class Place:
    """A postcode with the areas it lies in, for a page."""

    postcode: Postcode
    lsoa: Lsoa | None
    ward: Ward | None  # its own ward where held, else its LSOA's (2019 boundaries)
    local_authority: LocalAuthority | None

    @property
    def terminated(self):
        return terminated_text(self.postcode)

    @property
    def summary(self):
        """One line in users' words: where the postcode is, or was."""
        where = f"LSOA {self.lsoa.name} ({self.lsoa.code})" if self.lsoa else "an LSOA the files do not give"
        if self.local_authority:
            where += f", {self.local_authority.name}"
        if self.postcode.live:
            return f"Postcode in {where}"
        return f"Postcode {self.terminated}; its last neighbourhood was {where}"


def place(postcode):
    """The areas a Postcode lies in, as held: its 2011 LSOA, ward and local authority."""
    lsoa = (Lsoa.objects.filter(code=postcode.lsoa11, vintage=2011).select_related("ward", "local_authority").first()
            if postcode.lsoa11 else None)
    ward = Ward.objects.filter(code=postcode.ward_code).first() if postcode.ward_code else None
    authority = LocalAuthority.objects.filter(code=postcode.local_authority_code).first()
    if authority is None and lsoa is not None:
        authority = lsoa.local_authority
    return Place(postcode, lsoa, ward or (lsoa.ward if lsoa else None), authority)
