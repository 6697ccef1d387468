"""Alembic environment: uses the connection claimtrack hands over, or CLAIMTRACK_DB when run by hand."""

from alembic import context
from sqlalchemy import create_engine

from claimtrack.store.db import resolve_url
from claimtrack.store.schema import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(resolve_url(None))
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
