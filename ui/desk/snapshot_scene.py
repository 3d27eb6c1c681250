"""``snapshot desk --case NUMBER [--form STEP] [--notifications] [--grid-filter CODE]``: the desk
as an operator has it in the middle of work — a case open in the case panel with its history,
a step's form open under it, the notification list open above it, the queues filtered to a grid
as a click on the map does — to look at how the panels share the screen."""
from __future__ import annotations

from commandcenter.errors import ValidationError


def add_arguments(parser) -> None:
    parser.add_argument("--case", metavar="NUMBER", default=None,
                        help="desk: with this case open in the case panel (its history loaded)")
    parser.add_argument("--form", metavar="STEP", default=None,
                        help="desk: with this step's form open on --case (e.g. dispatch; --user must be offered it)")
    parser.add_argument("--notifications", action="store_true",
                        help="desk: with the notification list open")
    parser.add_argument("--grid-filter", dest="grid_filter", metavar="CODE", default=None,
                        help="desk: the queues filtered to this unit grid, as a click on it on the map does")


def wanted(args) -> bool:
    return bool(getattr(args, "case", None) or getattr(args, "form", None) or getattr(args, "notifications", False)
                or getattr(args, "grid_filter", None))


def check(args) -> None:
    """Bad combinations stop before anything is opened."""
    if getattr(args, "form", None) and not getattr(args, "case", None):
        raise ValidationError("--form", args.form, "a step's form opens on a case: give --case NUMBER")


def prepare(window, args, wait) -> None:
    """Set the scene on a loaded desk; ``wait(condition, seconds)`` runs the event loop."""
    picture = window.session.picture
    if args.case:
        case = next((c for c in picture.cases.values() if c.number == args.case), None)
        if case is None:
            raise ValidationError("--case", args.case, "no open case with this number on this desk")
        history = []
        window.panel.sig_history.connect(lambda case_id, _events, whole: history.append(case_id) if whole else None)
        window.presenter.select_case(case.id)
        wait(lambda: case.id in history, 10.0)   # its history read (a generated case may have none)
        if args.form:
            if window.panel.open_action(args.form) is None:
                offered = ", ".join(window.panel.action_commands()) or "none"
                raise ValidationError("--form", args.form, f"not a step offered on this case to --user (offered: {offered})")
    if args.notifications:
        window.notification_button.setChecked(True)
    if args.grid_filter:
        dm = window.context.district_map
        if dm is not None and args.grid_filter not in {g.code for g in dm.grids}:
            raise ValidationError("--grid-filter", args.grid_filter, "no unit grid with this code in the district")
        window.presenter.set_grid_filter(args.grid_filter)
