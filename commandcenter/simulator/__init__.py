"""A seeded simulation of a district's case traffic, played through the real services."""
from __future__ import annotations

from .behaviour import Pace, Rates
from .engine import SimClock, Simulator
from .people import supervisor_groups

__all__ = ["Pace", "Rates", "SimClock", "Simulator", "supervisor_groups"]
