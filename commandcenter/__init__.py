"""Domain core of the grid-based city management command centre (网格化城市管理).

Pure Python: no Qt, no SQLAlchemy. The database layer (``db``) implements the
ports in :mod:`commandcenter.ports`; the screens (``ui``/``widgets``) observe the
:class:`commandcenter.situation.SituationPicture`.
"""
