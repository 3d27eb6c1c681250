"""Faults of the database or the disk (故障), said so a person can act on them.

Each fault names what happened and what to do, and carries the exit code the command line
ends with, distinct per fault so scripts can tell them apart. The database layer
(``db.faults``) recognises them in the drivers' exceptions."""
from __future__ import annotations

from typing import ClassVar

from .errors import DomainError


class DatabaseFault(DomainError):
    """A fault of the database or the storage under it (not of the user's input)."""

    code: ClassVar[str] = "database_fault"
    exit_code: ClassVar[int] = 19

    def __init__(self, english: str, **params):
        super().__init__(english, **params)


def _fault(code: str, exit_code: int, english: str) -> type[DatabaseFault]:
    def __init__(self, **params):
        DatabaseFault.__init__(self, english.format(**params), **params)
    return type(code.title().replace("_", ""), (DatabaseFault,),
                {"code": code, "exit_code": exit_code, "__init__": __init__, "__doc__": english})


# code, exit code, English, Chinese: each says what happened and what to do
_TABLE = (
    ("database_missing", 10,
     "there is no database at {where}; check --db (or $COMMANDCENTER_DB), or create one with "
     "`commandcenter db upgrade`, `demo` or `import-district`",
     "{where} 处没有数据库；请检查 --db（或 $COMMANDCENTER_DB），或用 `commandcenter db upgrade`、`demo` "
     "或 `import-district` 新建"),
    ("not_a_database", 11,
     "{where} is not a command-centre database (not an SQLite file); check --db",
     "{where} 不是指挥中心数据库（不是 SQLite 文件）；请检查 --db"),
    ("database_corrupt", 12,
     "the database file {where} is damaged or truncated; restore it from the last backup",
     "数据库文件 {where} 已损坏或被截断；请从最近的备份恢复"),
    ("schema_newer", 13,
     "the database at {where} was written by a newer version of the command centre (schema {found}); "
     "update this installation before using it",
     "{where} 的数据库由更新版本的指挥中心写入（结构版本 {found}）；请先升级本机软件"),
    ("schema_older", 13,
     "the database at {where} has an older schema; run `commandcenter db upgrade --db …` where it may be written",
     "{where} 的数据库结构较旧；请在可写的位置运行 `commandcenter db upgrade --db …`"),
    ("database_busy", 14,
     "the database at {where} stayed busy (another desk holds a lock); nothing was changed, try again",
     "{where} 的数据库持续繁忙（另一席位占用锁）；未做任何修改，请重试"),
    ("server_unreachable", 15,
     "cannot reach the database server for {where}: {detail}; check that PostgreSQL is running and the "
     "network, then try again",
     "无法连接数据库服务器 {where}：{detail}；请确认 PostgreSQL 正在运行、网络正常后重试"),
    ("disk_full", 16,
     "the disk holding {where} is full; nothing was changed; free some space and try again",
     "{where} 所在磁盘已满；未做任何修改；请清理空间后重试"),
    ("read_only_storage", 17,
     "{where} is on read-only storage (or a read-only file) and this command writes; use a writable "
     "copy, or a read command (info, kpi, replay, case show)",
     "{where} 位于只读存储（或只读文件）上，而此命令需要写入；请使用可写副本，或只读命令（info、kpi、replay、case show）"),
    ("storage_error", 20,
     "could not read or write {where}: {detail}; check the disk and the file, then try again",
     "无法读写 {where}：{detail}；请检查磁盘和文件后重试"),
    ("database_permission", 18,
     "the database login for {where} may not do this: {detail}; use a login with the right role",
     "{where} 的数据库账号无权执行此操作：{detail}；请使用具有相应角色的账号"),
)

FAULTS: dict[str, type[DatabaseFault]] = {code: _fault(code, exit_code, en) for code, exit_code, en, _ in _TABLE}
MESSAGES: dict[str, tuple[str, str]] = {code: (en, zh) for code, _, en, zh in _TABLE}
MESSAGES["database_busy_retrying"] = ("database busy, retrying… (数据库繁忙，正在重试)", "数据库繁忙，正在重试……")
MESSAGES["unexpected_fault"] = ("unexpected failure ({detail}); run again with --debug for the details",
                                "意外故障（{detail}）；加 --debug 重新运行可查看详情")


def fault(code: str, **params) -> DatabaseFault:
    """The fault ``code`` with its message parameters (missing ones read as '?')."""
    return FAULTS[code](**{"where": "?", "detail": "?", "found": "?", **params})
