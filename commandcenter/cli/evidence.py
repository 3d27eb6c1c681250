"""``case duplicate``, ``case merge`` and ``case attach``: the intake steps of the desk for
scripts and field apps (重复件, 合并, 附件), each signed in as a user like ``case act``."""
from __future__ import annotations

import json

from . import add_db_option
from .identity import add_identity_options, signed_in_user


def register(csub) -> None:
    dup = csub.add_parser("duplicate", help="record a call on an open case as a duplicate (重复件)")
    add_db_option(dup)
    dup.add_argument("case", help="case id or number")
    add_identity_options(dup, admin=False)
    dup.add_argument("--description", required=True)
    dup.add_argument("--source", default="hotline")
    dup.add_argument("--reporter-name", default=None)
    dup.add_argument("--reporter-phone", default=None)
    dup.set_defaults(handler=cmd_case_duplicate)
    merge = csub.add_parser("merge", help="close a case as merged into another open case (shift leaders)")
    add_db_option(merge)
    merge.add_argument("keep", help="the case that goes on (id or number)")
    merge.add_argument("merged", help="the case closed as merged into it")
    add_identity_options(merge, admin=False)
    merge.add_argument("--reason", default="")
    merge.set_defaults(handler=cmd_case_merge)
    att = csub.add_parser("attach", help="add photos, video or audio to an open case (附件)")
    add_db_option(att)
    att.add_argument("case", help="case id or number")
    att.add_argument("files", nargs="+", metavar="FILE")
    add_identity_options(att, admin=False)
    att.add_argument("--phase", default="other", choices=("report", "before", "after", "check", "other"))
    att.set_defaults(handler=cmd_case_attach)


def _runtime(args):
    from .core import runtime

    return runtime(args)


def cmd_case_duplicate(args) -> int:
    from .core import resolve_case

    rt = _runtime(args)
    actor = signed_in_user(args, rt.store, "case duplicate").name
    case = resolve_case(rt.store, args.case)
    new = rt.service.report_duplicate(actor, case.id, source=args.source, description=args.description,
                                      reporter_name=args.reporter_name, reporter_phone=args.reporter_phone)
    print(json.dumps({"id": new.id, "number": new.number, "duplicate_count": new.duplicate_count}))
    return 0


def cmd_case_merge(args) -> int:
    from .core import resolve_case

    rt = _runtime(args)
    actor = signed_in_user(args, rt.store, "case merge").name
    keep, merged = resolve_case(rt.store, args.keep), resolve_case(rt.store, args.merged)
    kept, gone = rt.service.merge(actor, keep.id, merged.id, reason=args.reason)
    print(json.dumps({"kept": kept.number, "merged": gone.number, "status": gone.status.value}))
    return 0


def cmd_case_attach(args) -> int:
    from ..attachments import read_evidence
    from .core import resolve_case

    rt = _runtime(args)
    actor = signed_in_user(args, rt.store, "case attach").name
    case = resolve_case(rt.store, args.case)
    checked = [read_evidence(path) for path in args.files]   # one bad file: nothing is written
    for evidence in checked:
        case = rt.service.attach(actor, case.id, evidence, phase=args.phase)
        print(json.dumps({"number": case.number, "sha256": evidence.sha256, "size": evidence.size,
                          "type": evidence.media_type}))
    return 0
