"""Search across cases and documents: the Ctrl+F popup and its results list."""
