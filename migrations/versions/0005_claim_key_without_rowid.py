"""The cross-article key index, ``claim_key``, kept in its primary key's order on SQLite (WITHOUT ROWID).

``claim_key`` holds a few rows per claim, (key, claim_id) and nothing else. As an ordinary SQLite table it
was stored three times: the table by rowid, the primary key's index and the index on claim_id, each
holding both columns. A WITHOUT ROWID table is the primary key's b-tree itself, so one copy goes, and the
look-up that linking runs (the newest claims under a key) reads that b-tree directly. PostgreSQL has no
rowid tables: nothing changes there. Same rows; downgrade rebuilds the ordinary table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_COLUMNS = ("key VARCHAR(120) NOT NULL, claim_id INTEGER NOT NULL, PRIMARY KEY (key, claim_id), "
            "FOREIGN KEY (claim_id) REFERENCES claim (id) ON DELETE CASCADE")


def _rebuild(suffix: str) -> None:
    # SQLite cannot change a table's storage in place: a new table, the rows, the old one dropped, renamed
    op.execute(f"CREATE TABLE claim_key_new ({_COLUMNS}){suffix}")
    op.execute("INSERT INTO claim_key_new (key, claim_id) SELECT key, claim_id FROM claim_key ORDER BY key, claim_id")
    op.execute("DROP TABLE claim_key")  # its index goes with it
    op.execute("ALTER TABLE claim_key_new RENAME TO claim_key")
    op.execute("CREATE INDEX ix_claim_key_claim ON claim_key (claim_id)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(" WITHOUT ROWID")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild("")
