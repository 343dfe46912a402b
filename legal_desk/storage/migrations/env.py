"""Alembic environment: always runs on a connection handed in by `legal_desk.storage.migrate`.

There is no URL here on purpose: the database is encrypted and only the workspace
holds its key.
"""

from alembic import context

from legal_desk.search import is_search_table
from models import Base


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    # The full-text index is derived data owned by legal_desk/search.py.
    return not (type_ == "table" and name is not None and is_search_table(name))


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through legal_desk.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
