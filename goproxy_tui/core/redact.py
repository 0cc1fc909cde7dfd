"""Mask credentials before anything is shown, logged or reported.

GOPROXY, HTTPS_PROXY and user mirror URLs may carry ``user:pass@``; that must never reach a screen,
a JSON document or a report. Masking is applied to whole strings so it also works on lists such as
``https://u:p@a.example,https://b.example|direct`` and on free text such as error messages.

How the userinfo is found follows Go's ``net/url`` (GOROOT/src/net/url/url.go): after
``scheme://`` the userinfo ends at the LAST '@' of the authority, so a password may contain '@'.
Go also accepts a value without a scheme where a proxy is expected (httpproxy retries
``http://VALUE``, a bare GOPROXY host gets ``https://``), so ``alice:pw@proxy.example.com`` is a
credential too. A password Go cannot even parse (``pa#ss``, ``pa/ss``, ``pa?ss``) is still hidden:
masking errs on the side of hiding more. One linear scan, no backtracking regular expression, so a
megabyte of hostile text costs a megabyte of work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from goproxy_tui.i18n import apply_to_data

MASK = "***"

_WORD = re.compile(r"\S+")  # URLs never contain whitespace; words are scanned one by one
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")
# what may precede a scheme for it to start a URL: "GOPROXY=https://…", "(https://…", "a,https://…"
_BEFORE_SCHEME = frozenset(",|=\"'(<[{;`*>")
_AUTHORITY_END = "/?"


def mask_secrets(text: str) -> str:
    """Replace the userinfo of every URL in ``text``: ``https://u:p@h`` → ``https://u:***@h``.

    A bare token (``https://token@h``) is masked entirely since it is usually the secret itself;
    without a scheme only ``user:password@host`` counts (``dev@example.com`` is an address).
    Run-time text (:class:`~goproxy_tui.i18n.Msg`) stays translatable: its parameters are masked,
    unless a URL spans the template and a parameter, in which case the masked English is returned.
    """
    return apply_to_data(text, _mask_plain)


def _mask_plain(text: str) -> str:
    if "@" not in text:
        return text
    out: list[str] = []
    last = 0
    for _lead, start, end, shown in _userinfo_spans(text):
        out.append(text[last:start])
        out.append(shown)
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _userinfo_spans(text: str) -> Iterator[tuple[int, int, int, str]]:
    """(URL start, start, end, masked) for every secret in ``text`` (end includes the '@'), in order."""
    for word in _WORD.finditer(text):
        if "@" not in word.group():
            continue
        base = word.start()
        for lead, start, end, shown in _word_spans(word.group()):
            yield base + lead, base + start, base + end, shown


def _url_starts(word: str) -> list[tuple[int, int]]:
    """(scheme start, userinfo start) of every ``scheme://`` in ``word`` that begins a URL."""
    starts: list[tuple[int, int]] = []
    find = word.find
    pos = find("://")
    while pos != -1:
        begin = pos
        while begin > 0 and word[begin - 1] in _SCHEME_CHARS:
            begin -= 1
        while begin < pos and not word[begin].isalpha():
            begin += 1
        if begin < pos and word[begin].isascii() and (begin == 0 or word[begin - 1] in _BEFORE_SCHEME):
            starts.append((begin, pos + 3))
        pos = find("://", pos + 3)
    return starts


def _last_at(word: str, start: int, end: int) -> int:
    """The last '@' in ``word[start:end]`` that is not part of the proxy protocol (``/@v/``, ``/@latest``)."""
    at = word.rfind("@", start, end)
    while at != -1 and at > 0 and word[at - 1] == "/" and word.startswith(("@v/", "@latest"), at):
        at = word.rfind("@", start, at)
    return at


def _module_query(word: str, begin: int, cut: int, at: int) -> bool:
    """Is ``word[begin:cut]`` a plain ``host:port`` and the '@' at ``at`` a ``path@version`` in its path?"""
    host, colon, port = word[begin:cut].rpartition(":")
    after = word[at + 1:at + 3]
    return bool(colon and host and port.isdigit() and "." in host and len(after) == 2 and after[0] == "v"
                and after[1].isdigit())


def _word_spans(word: str) -> Iterator[tuple[int, int, int, str]]:
    starts = _url_starts(word)
    # text before the first URL: a scheme-less "user:password@host" (no ':' → an e-mail address, kept)
    head_end = starts[0][0] if starts else len(word)
    at = _last_at(word, 0, head_end)
    if at > 0:
        colon = word.find(":", 0, at)
        if colon != -1 and word.startswith("//", colon + 1):
            # "`https://u:p@h`": a scheme after a character that does not start URLs; still a URL
            begin = colon + 3
            colon = word.find(":", begin, at)
            lead = begin
            while lead > 0 and word[lead - 1] not in _BEFORE_SCHEME and not word[lead - 1].isspace():
                lead -= 1
            yield (lead, colon + 1, at + 1, f"{MASK}@") if colon != -1 else (lead, begin, at + 1, f"{MASK}@")
        elif colon != -1:
            lead = colon
            while lead > 0 and word[lead - 1] not in _BEFORE_SCHEME:
                lead -= 1
            yield lead, colon + 1, at + 1, f"{MASK}@"
    for index, (scheme, begin) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(word)
        cut = len(word)
        for ch in _AUTHORITY_END:
            found = word.find(ch, begin, end)
            if found != -1:
                cut = min(cut, found)
        cut = min(cut, end)
        at = _last_at(word, begin, cut)
        if cut < end and (at != -1 or word.find(":", begin, cut) != -1):
            # "user:pa/ss@host", "user:p@ss/x@host": Go stops at the '/' (and reads a password
            # of "p"), but what the user wrote is a password with a '/' in it: hide all of it
            later = _last_at(word, cut, end)
            if later != -1 and at == -1 and _module_query(word, begin, cut, later):
                later = -1  # "http://127.0.0.1:8080/sumdb/…/lookup/M@v1.1.0": a path, not a password
            at = later if later != -1 else at
        if at == -1:
            continue
        colon = word.find(":", begin, at)
        if colon != -1:
            yield scheme, colon + 1, at + 1, f"{MASK}@"
        else:
            yield scheme, begin, at + 1, f"{MASK}@"


def holds_mask(text: str) -> bool:
    """True when a userinfo in ``text`` contains the literal mask: a value exported masked, not filled in."""
    return MASK in text and any(MASK in text[start:end] for _lead, start, end, _shown in _userinfo_spans(text))


def restore_secrets(edited: str, original: str) -> str:
    """Put back the credentials of ``original`` where ``edited`` still holds their masked form.

    Editors show values masked; when the user leaves ``user:***@host`` untouched, the stored password
    must survive the round trip instead of being replaced by the literal ``***``.
    """
    for lead, start, end, masked in _userinfo_spans(original):
        real = original[lead:end]
        edited = edited.replace(original[lead:start] + masked, real)
    return edited


MAX_SERVER_TEXT = 200  # characters of a reason phrase or an error a server made us print


def server_text(text: str, limit: int = MAX_SERVER_TEXT) -> str:
    """Text a server chose (an HTTP reason phrase, a proxy's refusal carried in an exception): masked
    and cut to ``limit`` characters, so a 60 KB reason phrase cannot flood a table, a JSON document
    or a report. Every probe passes server text through here; the displays add :func:`printable`."""
    text = mask_secrets(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… (+{len(text) - limit:,})"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Mask secrets and make control characters visible (``\\x1b`` …) so a value can never drive the
    terminal (escape sequences from a hostile server or a poisoned env value stay inert)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", mask_secrets(text))
