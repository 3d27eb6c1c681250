"""Migration 0008_badge: cases that had evidence before it count their ``attach`` events, so the
board's badge is right for them from the first start after the upgrade."""
from __future__ import annotations

from alembic import command
from sqlalchemy import text

from db.engine import make_engine
from db.migrate import _config, is_current, upgrade
from tests.domain.test_attachments import photo_bytes
from tests.ui.desk_world import desk_world


def test_the_upgrade_counts_the_evidence_already_in_the_log(db_url, tmp_path):
    world = desk_world(db_url, dispatching=1, handling=2)
    with_files, without = world.handling
    for name in ("before.jpg", "after.png"):
        path = tmp_path / name
        path.write_bytes(photo_bytes(64, 32))
        world.runtime.service.attach("sz", with_files, path, phase="before")
    engine = make_engine(db_url)
    with engine.begin() as conn:           # the schema before 0008_badge, with the same log
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008_badge@-1")
    assert not is_current(engine)
    upgrade(engine)
    with engine.connect() as conn:
        counts = dict(conn.execute(text("SELECT id, attachment_count FROM cases")).all())
    engine.dispose()
    assert counts[with_files] == 2 and counts[without] == 0
