"""The encrypted database: engine, migrations and integrity checks."""
