"""A desk scoped to one district of a city database (``desk --district 110101``): its runtime's
map, locator and (through them) new reports cover that district only; its picture holds only
that district's cases (:meth:`ui.session.Session.scope_to`)."""
from __future__ import annotations

from commandcenter.districts import restrict
from commandcenter.geography.locator import GridLocator
from commandcenter.runtime import Runtime


def scope_runtime(runtime: Runtime, district_code: str) -> Runtime:
    """Cut ``runtime`` down to one district (refused, naming the stored districts, when unknown)."""
    district_map = restrict(runtime.backend.load_districts(runtime.store), district_code)
    runtime.district_map = district_map
    runtime.locator = GridLocator(district_map, deferred=True)
    return runtime
