"""The footer, responsive: every key with its full label when they fit, short labels when they do not.

When the keys do not fit (an 80×24 terminal, or a long translation) Textual's footer would cut
off the ones on the right, which are the app-wide ones (undo, quit, help). Here it turns compact
instead: labels shrink to one word, and the keys shown elsewhere on screen (``s: sort`` in the
mirror pane's border) or only rarely needed step out. The help screen (``?``) lists every key at
every width.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from goproxy_tui.i18n import N_, _

SHORT_LABELS = {
    "app.use_mirror": N_("Use"),
    "app.throughput": N_("Speed"),
    "app.add_mirror": N_("Add"),
    "app.refresh_mirrors": N_("Probe"),
    "apply_fix": N_("Fix"),
}
HIDDEN_WHEN_NARROW = frozenset({"app.sort_mirrors", "reload"})
"""Sort is named in the mirror pane's border; reload happens by itself after every change."""
PALETTE_WIDTH = 14
"""``▏ ^p palette `` docked on the right."""


class KeyFooter(Footer):
    """A :class:`Footer` that never drops the keys at its right end while it could shorten labels."""

    def __init__(self) -> None:
        super().__init__()
        self.narrow = False

    def needed_width(self) -> int:
        """Columns the full labels take (Textual's footer: `` key `` + ``label `` per binding)."""
        shown = [b for _node, b, _enabled, _tip in self.screen.active_bindings.values() if b.show]
        width = sum(cell_len(self.app.get_key_display(b)) + cell_len(b.description) + 3 for b in shown)
        return width + (PALETTE_WIDTH if self.show_command_palette else 0)

    def on_resize(self, event: events.Resize) -> None:
        if (self.needed_width() > event.size.width) != self.narrow:
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        width = self.size.width
        self.narrow = bool(width) and self.needed_width() > width
        self.compact = self.narrow
        for widget in super().compose():
            if self.narrow and isinstance(widget, FooterKey) and "-command-palette" not in widget.classes:
                if widget.action in HIDDEN_WHEN_NARROW:
                    continue
                if widget.action in SHORT_LABELS:
                    widget.description = _(SHORT_LABELS[widget.action])
            yield widget
