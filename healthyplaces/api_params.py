"""Numbers the API's list endpoints take in the query string, each with bounds.

A client may send any digits; without bounds a page or offset past 2**63 (or one whose product with
the page size is) reaches the database and fails there, and NaN or infinity reach an age filter.
Out of bounds, ninja answers 422 with a message naming the parameter and the limit.
"""
from typing import Annotated

from pydantic import Field

MOST_PAGES = 1_000_000
MOST_ROWS = 1_000_000_000

PageNumber = Annotated[int, Field(ge=1, le=MOST_PAGES, description="Page number, from 1")]
PageSize = Annotated[int, Field(ge=1, le=MOST_PAGES, description="Items per page (each endpoint caps it)")]
Offset = Annotated[int, Field(ge=0, le=MOST_ROWS, description="Items to skip")]
VersionNumber = Annotated[int, Field(ge=1, le=MOST_PAGES)]
Age = Annotated[float, Field(ge=0, le=150, allow_inf_nan=False, description="An age in years")]
