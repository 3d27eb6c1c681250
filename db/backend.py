"""Everything the command line and the composition root need from the database, behind one
object, so the domain's CLI can be handed it without importing ``db``."""
from __future__ import annotations

from . import admin, open_store
from .bulk import bulk_load_history
from .engine import default_url
from .feed import make_listener
from .kpi_sql import compute_in_db
from .migrate import upgrade
from .roles import grant_wall_user
from .sandbox import create_database


class SqlBackend:
    open_store = staticmethod(open_store)
    default_url = staticmethod(default_url)
    counts = staticmethod(admin.counts)
    add_user = staticmethod(admin.add_user)
    add_users_bulk = staticmethod(admin.add_users_bulk)
    save_district_map = staticmethod(admin.save_district_map)
    load_district_map = staticmethod(admin.load_district_map)
    save_components = staticmethod(admin.save_components)
    components = staticmethod(admin.components)
    save_departments = staticmethod(admin.save_departments)
    holidays = staticmethod(admin.holidays)
    set_holiday = staticmethod(admin.set_holiday)
    make_listener = staticmethod(make_listener)
    grant_wall = staticmethod(grant_wall_user)
    kpi = staticmethod(compute_in_db)
    bulk_load_history = staticmethod(bulk_load_history)
    create_database = staticmethod(create_database)

    @staticmethod
    def upgrade(store) -> None:
        upgrade(store.engine)


backend = SqlBackend()
