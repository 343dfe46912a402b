"""The workspace overview (issue 6): headline figures and charts drawn with QPainter."""
