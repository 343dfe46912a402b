"""Start-up checks that run before Qt is touched."""

from __future__ import annotations

import ctypes.util
import sys

import pytest

from ui import app


def clear_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)


def test_run_without_a_display_explains_and_returns_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clear_display(monkeypatch)
    monkeypatch.setattr(sys, "platform", "linux")

    assert app.run([]) == 2

    err = capsys.readouterr().err
    assert "no display found" in err
    assert "SSH with X forwarding" in err
    assert "QT_QPA_PLATFORM=offscreen" in err
    assert "Traceback" not in err


def test_run_without_libxcb_cursor_prints_the_apt_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clear_display(monkeypatch)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)

    assert app.run(["--data-dir", "/nonexistent"]) == 2

    err = capsys.readouterr().err
    assert "libxcb-cursor" in err
    assert app.APT_LINE in err


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", app.NO_DISPLAY_MESSAGE),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", app.NO_DISPLAY_MESSAGE),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", None),
        ({"DISPLAY": ":0"}, "linux", None),
        ({}, "darwin", None),
        ({}, "win32", None),
    ],
)
def test_preflight(env: dict[str, str], platform: str, expected: str | None) -> None:
    assert app.preflight(env, platform, find_library=lambda name: f"lib{name}.so.0") == expected


def test_qt_platform_reads_fallback_lists_and_options() -> None:
    assert app.qt_platform({"QT_QPA_PLATFORM": "xcb;wayland"}) == "xcb"
    assert app.qt_platform({"QT_QPA_PLATFORM": "wayland:foo=bar"}) == "wayland"
    wayland_session = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "w-0", "XDG_SESSION_TYPE": "wayland"}
    assert app.qt_platform(wayland_session) == "wayland"
    assert app.qt_platform({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w-0"}) == "xcb"


def test_data_dir_and_qt_arguments_are_separated() -> None:
    args, rest = app.parse_args(["--data-dir", "/tmp/ws", "-style", "fusion"])
    assert args.data_dir == "/tmp/ws"
    assert rest == ["-style", "fusion"]
