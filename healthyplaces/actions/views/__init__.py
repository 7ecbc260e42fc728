"""The actions pages, one module per concept; urls.py names each view by its module."""

PAGE_SIZE = 25  # rows on one page of a list
