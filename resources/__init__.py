"""Icons and other files the app loads with importlib.resources (works in a frozen build)."""
