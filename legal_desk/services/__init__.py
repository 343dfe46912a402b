"""Business operations on an unlocked workspace. Each takes its collaborators as arguments."""
