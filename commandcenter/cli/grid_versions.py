"""``import-grids --replace`` on a district that already has cases: the new survey becomes a
new version of the grids instead of deleting grids that cases point to."""
from __future__ import annotations

from ..clock import utc_now


def save_new_version(args, store, district_map) -> None:
    changes = args.backend.save_grid_version(store, district_map, utc_now())
    print(f"new grid version in force from now: {changes.unchanged} grids unchanged, {len(changes.changed)} changed, "
          f"{len(changes.added)} added, {len(changes.removed)} retired (kept in the grid history; cases keep the "
          f"grid of their time); {changes.components_moved} components moved to another grid")
    for label, codes in (("changed", changes.changed), ("added", changes.added), ("retired", changes.removed)):
        if codes:
            shown = ", ".join(codes[:10]) + (f" … (+{len(codes) - 10})" if len(codes) > 10 else "")
            print(f"  {label}: {shown}")


def grid_version_columns(rows: list[dict], in_force: dict) -> None:
    """``kpi --by grid``: each row is the grid code cases were reported in; add the community and
    validity of that grid's version in force at the window's end (retired grids stay listed)."""
    for row in rows:
        version = in_force.get(row["grid"])
        row["community"] = version.community_code if version else None
        row["grid_valid_from"] = version.valid_from.isoformat() if version and version.valid_from else None
        row["grid_valid_to"] = version.valid_to.isoformat() if version and version.valid_to else None
