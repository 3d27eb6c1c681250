"""Everything the command line and the composition root need from the database, behind one
object, so the domain's CLI can be handed it without importing ``db``."""
from __future__ import annotations

from . import admin, district_load, grid_versions, inventory, open_store
from .bulk import bulk_load_history
from .engine import creating_allowed, default_url, normalise_url
from .faults import explain as explain_fault
from .feed import make_listener
from .kpi_sql import changes_since, compute_in_db, overdue_at
from .migrate import upgrade
from .roles import grant_login, grant_wall_user
from .sandbox import create_database


class SqlBackend:
    open_store = staticmethod(open_store)
    default_url = staticmethod(default_url)
    counts = staticmethod(admin.counts)
    add_user = staticmethod(admin.add_user)
    add_users_bulk = staticmethod(admin.add_users_bulk)
    save_district_map = staticmethod(admin.save_district_map)
    load_district_map = staticmethod(admin.load_district_map)
    load_districts = staticmethod(admin.load_districts)
    has_district = staticmethod(admin.has_district)
    save_district_outlines = staticmethod(district_load.save_outlines)
    warm_district_cache = staticmethod(district_load.warm)

    @staticmethod
    def prefetch_snapshot(url: str):
        from .prefetch import prefetch_snapshot

        return prefetch_snapshot(url)

    save_components = staticmethod(admin.save_components)
    save_component_inventory = staticmethod(inventory.save_component_inventory)
    save_grid_version = staticmethod(grid_versions.save_grid_version)
    grids_in_force = staticmethod(grid_versions.grids_in_force)
    save_addresses = staticmethod(admin.save_addresses)
    addresses = staticmethod(admin.addresses)
    components = staticmethod(admin.components)
    save_departments = staticmethod(admin.save_departments)
    holidays = staticmethod(admin.holidays)
    set_holiday = staticmethod(admin.set_holiday)
    holiday_notes = staticmethod(admin.holiday_notes)
    confirmed_years = staticmethod(admin.confirmed_years)
    change_calendar = staticmethod(admin.change_calendar)
    make_listener = staticmethod(make_listener)
    grant_wall = staticmethod(grant_wall_user)
    grant_login = staticmethod(grant_login)
    creating_allowed = staticmethod(creating_allowed)
    explain_fault = staticmethod(explain_fault)
    kpi = staticmethod(compute_in_db)
    kpi_changes = staticmethod(changes_since)
    overdue_at = staticmethod(overdue_at)
    bulk_load_history = staticmethod(bulk_load_history)
    create_database = staticmethod(create_database)

    @staticmethod
    def describe_url(url: str | None) -> str:
        """Where ``url`` (default: the embedded file) points, without any password."""
        from sqlalchemy.engine import make_url

        try:
            parsed = make_url(normalise_url(url or default_url()))
            return parsed.set(drivername=parsed.drivername.split("+")[0]).render_as_string(hide_password=True)
        except Exception:   # an unreadable URL is described as given; its error comes elsewhere
            return str(url)

    @staticmethod
    def with_credentials_of(store, url: str) -> str:
        """``url`` with the user and password ``store`` connected with, where ``url`` names
        none: a sandbox's shown address carries no password, the trainer's connection does."""
        from sqlalchemy.engine import make_url

        target = make_url(normalise_url(url))
        if not target.drivername.startswith("postgresql") or target.password:
            return url
        own = store.engine.url
        if target.username not in (None, own.username):
            return url
        return target.set(username=own.username, password=own.password).render_as_string(hide_password=False)

    @staticmethod
    def outbox_relay(store, **kwargs):
        """The relay that queues and sends ``store``'s outbound messages (commandcenter.outbound)."""
        from commandcenter.outbound import OutboxRelay

        from .outbox import SqlOutbox
        from .smtp import gateways_for

        return OutboxRelay(store, SqlOutbox(store), gateways_for(store), **kwargs)

    @staticmethod
    def outbox_failures(store, limit: int = 50) -> list:
        """Outbound messages whose last try failed (shown in the notification centre)."""
        from .outbox import SqlOutbox

        return SqlOutbox(store).failures(limit)

    @staticmethod
    def upgrade(store) -> None:
        upgrade(store.engine)


backend = SqlBackend()
