"""Reading documents: a PDF viewer whose pages render off the UI thread."""
