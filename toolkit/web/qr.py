"""QR codes drawn as inline SVG: no script, no image from another site."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(url: str, title: str | None = None) -> Markup:
    """Draw a link as an SVG QR code named for screen readers by ``title``.

    It has no size of its own: each page's stylesheet says how big to draw it.
    """
    return Markup(segno.make(url, error="m").svg_inline(omitsize=True, title=title or None))
