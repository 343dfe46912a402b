"""Developer tool: `make migration MSG=... REV=...` writes a revision from the models.

It builds a throwaway encrypted database at the current head in a private
temporary folder, lets Alembic compare it with the models, then deletes it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from legal_desk.crypto.secret import SecretKey
from legal_desk.storage import migrate
from legal_desk.storage.engine import make_engine


def main(message: str, rev_id: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "head.db", SecretKey.generate(), create=True)
        try:
            migrate.upgrade(engine)
            migrate.autogenerate(engine, message, rev_id)
        finally:
            engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 3 or not all(sys.argv[1:]):
        sys.exit('usage: make migration MSG="what changed" REV=000N')
    main(sys.argv[1], sys.argv[2])
