"""Marks stay on the same words through zoom and rotation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF

from ui.viewer.marks import PageGeometry

WIDTH, HEIGHT = 200.0, 300.0


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("scale", [0.5, 1.0, 2.0])
def test_page_points_round_trip_through_pixels(rotation: int, scale: float) -> None:
    geometry = PageGeometry(WIDTH, HEIGHT, scale, rotation)
    for x, y in ((0.0, 0.0), (20.0, 40.0), (199.0, 1.0), (150.0, 280.0)):
        back = geometry.to_page(geometry.to_widget(x, y))
        assert back == pytest.approx((x, y))


def test_a_quarter_turn_puts_the_top_left_corner_at_the_top_right() -> None:
    # As PyMuPDF's prerotate(90) does for the rendered image: clockwise.
    geometry = PageGeometry(WIDTH, HEIGHT, 1.0, 90)
    assert geometry.to_widget(0.0, 0.0) == QPointF(HEIGHT, 0.0)
    assert geometry.to_widget(WIDTH, HEIGHT) == QPointF(0.0, WIDTH)


def test_points_outside_the_page_are_clamped_to_it() -> None:
    geometry = PageGeometry(WIDTH, HEIGHT, 1.0, 0)
    assert geometry.to_page(QPointF(-5.0, 400.0)) == (0.0, HEIGHT)
