"""A render sets the app's objects aside from the collector, and leaves no garbage behind."""

from __future__ import annotations

import gc
import weakref

from toolkit.reports.render import _collector_skips_the_running_app


class Box:
    """Stands in for one of WeasyPrint's boxes, which point back at their parents."""

    parent: Box | None = None


def test_garbage_made_during_a_render_is_freed_when_the_render_ends() -> None:
    with _collector_skips_the_running_app():
        box = Box()
        box.parent = box  # a cycle: only the collector can free it
        gone = weakref.ref(box)
        del box
        gc.disable()  # so that nothing but the render's end collects it
    gc.enable()
    assert gone() is None


def test_objects_alive_before_a_render_are_handed_back_to_the_collector() -> None:
    frozen_before = gc.get_freeze_count()
    with _collector_skips_the_running_app():
        assert gc.get_freeze_count() > frozen_before
    assert gc.get_freeze_count() == frozen_before
