"""Alembic environment: always runs on a connection handed in by `legal_desk.storage.migrate`.

There is no URL here on purpose: the database is encrypted and only the workspace
holds its key.
"""

from alembic import context

from models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through legal_desk.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
