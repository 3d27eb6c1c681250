"""Notes, urging and canned phrases from the command line: ``case note``, ``case urge``,
``case remind`` (one tick of the escalation ladder) and ``phrases``."""
from __future__ import annotations

import json

from . import add_db_option
from .core import open_store, resolve_case, runtime
from .identity import add_identity_options, signed_in_user


def register_case_commands(csub) -> None:
    """The ``case`` sub-commands of this module (called by ``core`` where ``case`` is built)."""
    note = csub.add_parser("note", help="add a note to a case (备注; not a step, still logged)")
    add_db_option(note)
    note.add_argument("case", help="case id or number")
    note.add_argument("text")
    add_identity_options(note, admin=False)
    note.set_defaults(handler=cmd_case_note)
    urge = csub.add_parser("urge", help="urge the department holding a case (催办)")
    add_db_option(urge)
    urge.add_argument("case", help="case id or number")
    urge.add_argument("message")
    add_identity_options(urge, admin=False)
    urge.set_defaults(handler=cmd_case_urge)
    remind = csub.add_parser("remind", help="send the reminders and escalations due now (one tick)")
    add_db_option(remind)
    remind.set_defaults(handler=cmd_case_remind)


def register(sub) -> None:
    p = sub.add_parser("phrases", help="canned phrases (惯用语): list, or set yours or the centre's")
    add_db_option(p)
    add_identity_options(p, admin=False)
    p.add_argument("--set", dest="phrases", action="append", default=None, metavar="PHRASE",
                   help="replace the list with these phrases (repeat the option)")
    p.add_argument("--centre", action="store_true", help="the centre's list (administrators only)")
    p.set_defaults(handler=cmd_phrases)


def _act(args, command: str, **fields) -> int:
    rt = runtime(args)
    actor = signed_in_user(args, rt.store, f"case {command}").name
    case = resolve_case(rt.store, args.case)
    new = rt.service.act(actor, case.id, command, **fields)
    print(json.dumps({"id": new.id, "number": new.number, "status": new.status.value, "version": new.version,
                      "urge_count": new.urge_count}))
    return 0


def cmd_case_note(args) -> int:
    return _act(args, "note", note=args.text)


def cmd_case_urge(args) -> int:
    return _act(args, "urge", message=args.message)


def cmd_case_remind(args) -> int:
    from ..urging import Escalation

    rt = runtime(args)
    events = Escalation(rt.store, rt.catalog, rt.calendar).tick()
    for e in events:
        print(json.dumps({"case_id": e.case_id, "level": e.payload["level"], "stage": e.payload["stage"],
                          "state": e.payload["state"]}))
    print(f"{len(events)} reminders sent")
    return 0


def cmd_phrases(args) -> int:
    from ..phrases import PhraseBook

    store = open_store(args)
    user = signed_in_user(args, store, "phrases")
    book = PhraseBook(store)
    if args.phrases is not None:
        (book.set_centre if args.centre else book.set_own)(user.name, args.phrases)
    phrases = book.for_user(user.name)
    for text in (phrases.centre if args.centre else phrases.all):
        print(text)
    return 0
