"""Demo cities to try the application with: one module of data a city, one shared loader.

``malmo`` is Malmö stad with the figures of its 2023 council memo; ``exempelstad`` is a
fictional municipality with administrations and municipal companies. A database holds one of
them (one organisation per installation).
"""

from __future__ import annotations

import datetime

from projects.demo import exempelstad, malmo
from projects.demo.loading import DEMO_DAY, DemoCity, DemoRefused, load_city, load_users
from projects.models import User

CITIES: dict[str, DemoCity] = {city.key: city for city in (malmo.CITY, exempelstad.CITY)}
DEFAULT = malmo.CITY

__all__ = ["CITIES", "DEFAULT", "DemoCity", "DemoRefused", "load_demo", "load_users"]


def load_demo(city: DemoCity = DEFAULT, *, today: datetime.date = DEMO_DAY) -> list[User]:
    """Load the city's organisation, reference rows, users and rounds, the open round's
    deadline a few weeks after ``today``; returns the city's users."""
    return load_city(city, today=today)
