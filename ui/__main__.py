"""`python -m ui`: start the desktop app."""

from ui.app import main

if __name__ == "__main__":
    main()
