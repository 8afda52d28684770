"""Charts drawn with matplotlib (imported only when a chart is drawn) and shown as PNG.

Every chart keeps a white figure and dark ink in both themes, so it reads the same in light
and dark; the widget that shows one also shows its numbers as text.
"""

from __future__ import annotations

import io
from typing import Any

INK = "#1f1f1f"


def new_chart(width: float, height: float) -> tuple[Any, Any]:
    """A white figure and its axes, with the top and right spines hidden."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(width, height), dpi=100)
    figure.patch.set_facecolor("white")
    axes.set_facecolor("white")
    axes.tick_params(colors=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def chart_png(figure: Any) -> bytes:
    """The figure as PNG bytes; the figure is closed."""
    import matplotlib.pyplot as plt

    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
