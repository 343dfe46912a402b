"""Guards against defects of the Qt binding that would crash a long session."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_emitting_a_signal_does_not_drop_references_to_true() -> None:
    # PySide6 6.12.0 returned a borrowed True from emit(): after enough emits in a
    # working day the interpreter aborts ("deallocating True or False").
    emitter = _Emitter()
    emitter.fired.connect(lambda _value: None)
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(1000):
        emitter.fired.emit(None)
    gc.collect()
    assert sys.getrefcount(True) - before > -50
