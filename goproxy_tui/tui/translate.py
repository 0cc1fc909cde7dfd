"""Textual's class-level texts, translated when a widget is made (the language is set after import).

``BINDINGS`` descriptions are class data: Textual copies them into each node's binding map when
the node is created, and the footer reads that copy. :func:`translate_bindings` translates the
copy, so the class lists stay plain English strings marked with ``N_`` for the catalog.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from goproxy_tui.i18n import N_, _

TEXTUAL_TEXTS = (
    N_("palette"),
    N_("Open the command palette"),
    N_("Quit"),
    N_("Quit the app and return to the command prompt."),
)
"""Descriptions and tooltips of Textual's own app bindings (the footer shows them); listed for the catalog."""


def translate_bindings(node: DOMNode) -> None:
    """Translate the descriptions and tooltips of ``node``'s own binding copy, in place."""
    bindings = getattr(node, "_bindings", None)
    table = getattr(bindings, "key_to_bindings", None)
    if not isinstance(table, dict):
        return  # another Textual layout: the footer stays English, nothing breaks
    for key, items in table.items():
        table[key] = [_translated(b) if isinstance(b, Binding) else b for b in items]


def _translated(binding: Binding) -> Binding:
    return replace(binding, description=_(binding.description), tooltip=_(binding.tooltip))
