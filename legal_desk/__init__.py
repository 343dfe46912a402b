"""Legal Desk core: workspace, crypto, storage, services and CLI. Never imports Qt."""

__version__ = "0.1.0"
