"""Mask credentials before anything is shown, logged or reported.

GOPROXY, HTTPS_PROXY and user mirror URLs may carry ``user:pass@``; that must never reach a screen,
a JSON document or a report. Masking is applied to whole strings so it also works on lists such as
``https://u:p@a.example,https://b.example|direct`` and on free text such as error messages.
"""

from __future__ import annotations

import re

from goproxy_tui.i18n import apply_to_data

MASK = "***"

# scheme://userinfo@ — like Go's url.Parse, the userinfo ends at the LAST '@' of the authority (so a
# password may contain '@'); the authority ends at '/', '?', '#', whitespace or a GOPROXY separator.
_URL_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<userinfo>[^/?#\s,|]+)@")


def mask_secrets(text: str) -> str:
    """Replace the userinfo of every URL in ``text``: ``https://u:p@h`` → ``https://u:***@h``.

    A bare token (``https://token@h``) is masked entirely since it is usually the secret itself.
    Run-time text (:class:`~goproxy_tui.i18n.Msg`) stays translatable: its parameters are masked,
    unless a URL spans the template and a parameter, in which case the masked English is returned.
    """
    return apply_to_data(text, _mask_plain)


def _mask_plain(text: str) -> str:
    return _URL_USERINFO.sub(_mask, text)


def _mask(match: re.Match[str]) -> str:
    user, sep, _password = match.group("userinfo").partition(":")
    shown = f"{user}:{MASK}" if sep else MASK
    return f"{match.group('scheme')}{shown}@"


def restore_secrets(edited: str, original: str) -> str:
    """Put back the credentials of ``original`` where ``edited`` still holds their masked form.

    Editors show values masked; when the user leaves ``user:***@host`` untouched, the stored password
    must survive the round trip instead of being replaced by the literal ``***``.
    """
    for match in _URL_USERINFO.finditer(original):
        real = match.group(0)
        shown = mask_secrets(real)
        if shown != real:
            edited = edited.replace(shown, real)
    return edited


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Mask secrets and make control characters visible (``\\x1b`` …) so a value can never drive the
    terminal (escape sequences from a hostile server or a poisoned env value stay inert)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", mask_secrets(text))
