#!/usr/bin/env python
"""Django's manage.py, kept for habit: the same as the `healthyplaces` command."""
from healthyplaces.cli import main

if __name__ == "__main__":
    main()
