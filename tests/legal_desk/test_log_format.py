"""The log keeps where an error happened, never what its message quoted."""

from __future__ import annotations

import io
import logging

from legal_desk.log_format import NoDataFormatter


def test_a_logged_traceback_names_the_error_but_not_its_message() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(NoDataFormatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test_log_format")
    logger.addHandler(handler)
    student, school = "Ana Rivera", "Meadow Ridge"  # as data would arrive: in variables
    try:
        try:
            try:
                raise KeyError(f"Student {student}")
            except KeyError as inner:
                raise ValueError(f"school {school} refused") from inner
        except ValueError:
            logger.exception("saving failed")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "saving failed" in text
    assert "builtins.ValueError (message not logged)" in text
    assert "builtins.KeyError (message not logged)" in text
    assert "test_log_format.py" in text  # the frames are kept
    assert "Student Ana Rivera" not in text and "school Meadow Ridge refused" not in text
