"""Starting a desk: the window over a live session, shaped for its signed-in operator, and what
the first start of the Quick start tells the operator about the demo it built."""
from __future__ import annotations

import sys

from ui.session import Session


def print_demo_users(demo) -> None:
    """The Quick start tells the operator what was built and who else can sign in to the demo."""
    summary = demo.summary
    print(f"Built the demo: {summary.district}, {summary.cells} grids, {summary.cases} cases "
          f"({summary.open_cases} open) in {summary.seconds} s.", file=sys.stderr)
    print(f"Demo users (every password: {demo.password}):", file=sys.stderr)
    by_role: dict[str, list[str]] = {}
    for user in demo.users:
        by_role.setdefault(user.role.value, []).append(user.name)
    for role, names in by_role.items():
        more = f" … ({len(names)} in all)" if len(names) > 4 else ""
        print(f"  {role:13} {', '.join(names[:4])}{more}", file=sys.stderr)
    if demo.dispatcher is not None:
        print(f"Signed in as the demo dispatcher {demo.dispatcher.name}.", file=sys.stderr)


def build_desk(session: Session, args, user=None, *, settings=None):
    """The desk window for ``user`` over ``session`` (used by ``desk`` and ``snapshot desk``);
    the picture shows only what the user's role may see. The caller starts the session."""
    from ui.basemap import apply_basemap
    from ui.desk.window import DeskWindow

    session.show_to(user.role if user is not None else None)
    session.scope_to(getattr(user, "district_code", None) or getattr(args, "district", None))
    window = DeskWindow(session, session.context(), session.data.geography, session.data.components,
                        settings=settings)
    window.request_screens(requested_screens(args))
    window.notices.set_writes(not getattr(args, "read_only", False))   # a snapshot writes nothing
    window.set_user(user)
    if getattr(args, "training", False):
        from ui.desk.training_marker import mark_training

        mark_training(window, session.store.url)
    if getattr(args, "training", False):   # the trainer may ask trainees to keep the room quiet
        window.set_sound_key("desk/training/urgent_sound")
    from ui.desk.loading import show_loading

    window.loading = show_loading(window, session)   # how far the reading of the cases is, until they are in
    if window.loading is not None:
        window.queues.set_loading(True)   # the tabs say "…" until then, not 0
    if hasattr(session.source, "store") and hasattr(session.source.store, "prepare_deadlines"):
        session.source.store.prepare_deadlines = True   # the summary's and the map's amber and red moments
    problem = apply_basemap(window.map_view, session.data.basemap)
    if problem:
        window.message_bar.show_message("error", problem)
    return window


def requested_screens(args) -> list | None:
    """The monitors ``--screens N`` / ``--grid CxR`` ask for: the system's screens, or the canvas a
    snapshot draws (``args.canvas``), cut at the bezels; None when neither option is given."""
    from ui.desk import screen_plan

    count, grid = getattr(args, "screens", None), getattr(args, "grid", None)
    if count is None and not grid:
        return None
    canvas = getattr(args, "canvas", None)
    if canvas is not None:
        physical = [canvas]
    else:
        from ui.desk.docks import screen_rects
        physical = screen_rects()
    return screen_plan.screens_for(physical, count, screen_plan.parse_grid(grid) if grid else None)
