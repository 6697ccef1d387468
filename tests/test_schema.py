"""The models describe the schema the migrations make, on both databases (tables, columns, keys, indexes)."""

from __future__ import annotations

import re
import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from claimtrack.store.schema import Base


def _expressions(index) -> list[str]:
    """An index's parts as comparable text: whitespace and parentheses aside (PostgreSQL gives back
    ``(\\nCASE\\n    WHEN published IS NULL …`` for what was written ``(CASE WHEN published IS NULL …)``)."""
    return [re.sub(r"[\s()]+", "", str(getattr(e, "text", e)).split(".")[-1]).lower() for e in index.expressions]


def test_models_match_the_migrations(db):
    engine, _factory = db
    with engine.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect indexes on expressions: alembic skips those (PostgreSQL compares them)
        warnings.simplefilter("ignore")
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # an index on an expression that reflects with other spacing shows as removed and added: the same index
    removed = {d[1].name: d[1] for d in diffs if d[0] == "remove_index"}
    added = {d[1].name: d[1] for d in diffs if d[0] == "add_index"}
    same = {n for n in removed.keys() & added.keys() if _expressions(removed[n]) == _expressions(added[n])}
    rest = [d for d in diffs if not (d[0] in ("remove_index", "add_index") and d[1].name in same)]
    assert rest == []
    # what the comparison cannot see on SQLite: the migrations' expression indexes exist there too
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'").scalars())
    else:
        names = {ix["name"] for t in ("story", "review_decision") for ix in inspect(engine).get_indexes(t)}
    assert {"ix_story_published_order", "ix_review_decision_claim_doc", "ix_review_decision_target_doc"} <= names
