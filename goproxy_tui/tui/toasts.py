"""Notifications that do not pile up: a repeat of a toast still on screen replaces it with a count.

Six presses of ``u`` on a failing mirror give one toast titled "… (×6)", not six stacked copies.
Where toasts go on a dialog is set in app.tcss (top right, short), so they never cover its buttons.
"""

from __future__ import annotations

import re
import threading

from textual.app import App
from textual.notifications import Notification, Notify

from goproxy_tui.i18n import _

_COUNT = re.compile(r" \(×(\d+)\)$")


def notify_merged(app: App[object], message: str, title: str, severity: str, timeout: float, markup: bool) -> bool:
    """Show the notification, merged with an identical one still shown; False when called off the app's
    thread (the caller then uses Textual's own ``notify``, which is thread-safe)."""
    if getattr(app, "_thread_id", None) != threading.get_ident():
        return False
    count = 1
    for shown in list(app._notifications):
        base = _COUNT.sub("", shown.title)
        if shown.message == message and shown.severity == severity and base == title:
            found = _COUNT.search(shown.title)
            count = max(count, (int(found.group(1)) if found else 1) + 1)
            app._unnotify(shown, refresh=False)
    shown_title = _("{title} (×{count})").format(title=title, count=count) if count > 1 else title
    app.post_message(Notify(Notification(message, shown_title, severity, timeout, markup=markup)))  # type: ignore[arg-type]
    return True


__all__ = ["notify_merged"]
