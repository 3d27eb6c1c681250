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
    window.set_user(user)
    problem = apply_basemap(window.map_view, session.data.basemap)
    if problem:
        window.message_bar.show_message("error", problem)
    return window
