"""Encrypted backups: verified copies, daily rotation, restore."""
