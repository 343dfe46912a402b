"""Times print in the office's zone: these tests run in Denver's, whatever the machine's."""

from tests.legal_desk.zone import denver_time

__all__ = ["denver_time"]
