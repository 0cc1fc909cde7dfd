"""Translations with the standard :mod:`gettext` module: one domain (``gotui``), catalogs in ``locale/``.

Adding a language is adding ``goproxy_tui/locale/<lang>/LC_MESSAGES/gotui.po`` and its compiled ``.mo``
(``scripts/compile_catalogs.py``); nothing in the code lists languages. A message missing from a
catalog shows in English (gettext's fallback), so a half-translated catalog never breaks a screen.

The language is known only once the arguments and the config are read, so nothing may be translated
at import time: module-level text is marked with :func:`N_` and translated where it is shown. Machine
output (``--json``, fault classes, finding ids) is never translated.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

DOMAIN = "gotui"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"
ENV_ORDER = ("LC_ALL", "LC_MESSAGES", "LANG")
"""POSIX precedence for the message language: the first non-empty one decides."""

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH


def N_(message: str) -> Msg:
    """Mark text for the catalog without translating it now: a :class:`Msg`, shown translated by :func:`tr`.

    It is still the English ``str`` (dict keys, comparisons, JSON); only :func:`tr` (or ``_``) translates.
    """
    return Msg(message)


def _(message: str) -> str:
    """``message`` in the current language (English when the catalog lacks it).

    Safe on data: ``_("")`` is ``""`` (gettext would return the catalog header), and text that is
    no msgid comes back unchanged.
    """
    return _translation.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return _translation.ngettext(singular, plural, n)


def available_languages(localedir: Path | None = None) -> tuple[str, ...]:
    """English plus every language with a compiled catalog, sorted."""
    root = localedir or LOCALE_DIR
    found = {p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return (ENGLISH, *sorted(found - {ENGLISH}))


def normalize(value: str | None, localedir: Path | None = None) -> str | None:
    """A locale name (``zh_CN.UTF-8``, ``zh-cn``, ``fr_FR@euro``) → a catalog name, or None if none fits.

    Every Chinese locale gets ``zh_CN`` (the only Chinese catalog); otherwise the full ``ll_CC`` is
    tried, then ``ll``. ``C``, ``POSIX`` and English locales are English.
    """
    if not value:
        return None
    code = value.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if not code:
        return None
    lang, _sep, region = code.partition("_")
    lang = lang.lower()
    if lang in ("c", "posix", ENGLISH):
        return ENGLISH
    if lang == "zh":
        return "zh_CN" if "zh_CN" in available_languages(localedir) else None
    known = available_languages(localedir)
    for candidate in (f"{lang}_{region.upper()}" if region else "", lang):
        if candidate and candidate in known:
            return candidate
    return None


def resolve_language(
    cli_lang: str | None,
    config_lang: str | None,
    environ: Mapping[str, str],
    localedir: Path | None = None,
) -> str:
    """Which language to speak: ``--lang``, then ``[ui] lang``, then LC_ALL, LC_MESSAGES, LANG.

    The first one that is set decides, even when it names a language without a catalog (then the
    answer is English): a user who wrote ``lang = "fr"`` must not get Chinese from ``LANG``.
    """
    for explicit in (cli_lang, config_lang):
        if explicit:
            return normalize(explicit, localedir) or ENGLISH
    for name in ENV_ORDER:
        value = environ.get(name)
        if value:
            return normalize(value, localedir) or ENGLISH
    return ENGLISH


def set_language(lang: str | None, localedir: Path | None = None) -> str:
    """Switch every later :func:`_` call to ``lang`` (a catalog name or any locale string).

    Returns the language actually in use: English when ``lang`` has no catalog.
    """
    global _translation, _language
    code = normalize(lang, localedir) or ENGLISH
    if code == ENGLISH:
        _translation, _language = gettext.NullTranslations(), ENGLISH
        return ENGLISH
    try:
        _translation = gettext.translation(DOMAIN, str(localedir or LOCALE_DIR), languages=[code], fallback=True)
    except (OSError, ValueError, UnicodeError):  # a damaged .mo: English rather than no gotui at all
        _translation = gettext.NullTranslations()
    _language = code if isinstance(_translation, gettext.GNUTranslations) else ENGLISH
    return _language


def current_language() -> str:
    return _language


class Msg(str):
    """Text built at run time from a catalog template: it *is* the English string, and :func:`tr`
    shows it in the current language.

    Core code cannot translate when it builds a finding or a rule error: the same object goes to
    JSON (always English) and to a screen (the user's language). ``Msg("{host}: no answer",
    host=h)`` keeps the template and its parameters; everything that treats it as a ``str``
    (JSON, masking, comparisons, logs) sees English. Parameters that are ``Msg`` are translated
    with it, and ``+`` between a ``Msg`` and text keeps both parts translatable.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Msg:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template, self.params = template, params
        return self

    def shown(self) -> str:
        """This text in the current language (English if the catalog lacks the template)."""
        if _language == ENGLISH:
            return str.__str__(self)
        params = {k: _param(v) for k, v in self.params.items()}
        try:
            return _(self.template).format(**params) if params else _(self.template)
        except (KeyError, IndexError, ValueError):  # a damaged translation: English, never a crash
            return str.__str__(self)

    def __add__(self, other: object) -> str:
        return Joined("", (self, other)) if isinstance(other, str) else NotImplemented

    def __radd__(self, other: object) -> str:
        return Joined("", (other, self)) if isinstance(other, str) else NotImplemented


class Plural(Msg):
    """A :class:`Msg` with a count: ``Plural("{count} file", "{count} files", n, count=n)``.

    English picks the form by ``n``; a translation by its language's plural rule (gettext's
    ``ngettext`` and the catalog's Plural-Forms), so no text ever needs "file(s)".
    """

    singular: str
    plural: str
    n: int

    def __new__(cls, singular: str, plural: str, n: int, /, **params: Any) -> Plural:
        self = super().__new__(cls, singular if n == 1 else plural, **params)
        assert isinstance(self, Plural)
        self.singular, self.plural, self.n = singular, plural, n
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return _plural, (self.singular, self.plural, self.n, self.params)

    def shown(self) -> str:
        if _language == ENGLISH:
            return str.__str__(self)
        params = {k: _param(v) for k, v in self.params.items()}
        try:
            return ngettext(self.singular, self.plural, self.n).format(**params)
        except (KeyError, IndexError, ValueError):  # a damaged translation: English, never a crash
            return str.__str__(self)


def _plural(singular: str, plural: str, n: int, params: dict[str, Any]) -> Plural:
    return Plural(singular, plural, n, **params)


class Joined(Msg):
    """Several texts joined by a separator (``Joined("; ", reasons)``), each shown in the current language."""

    parts: tuple[str, ...]
    separator: str

    def __new__(cls, separator: str, parts: Iterable[str]) -> Joined:
        items = tuple(parts)
        self = str.__new__(cls, separator.join(items))
        self.template, self.params = str.__str__(self), {}
        self.separator, self.parts = separator, items
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return Joined, (self.separator, self.parts)

    def shown(self) -> str:
        return self.separator.join(tr(p) for p in self.parts)


def apply_to_data(text: str, fn: Callable[[str], str]) -> str:
    """``fn(text)`` (masking, escaping), keeping a :class:`Msg` translatable where that gives the same text.

    ``fn(msg)`` alone returns plain English: the translation would be lost. Templates are fixed
    sentences; the parameters (and the parts of a :class:`Joined`) hold the user's data, so ``fn``
    is applied to those. When that does not give what ``fn(text)`` gives (a URL spanning template and
    parameter), the plain ``fn(text)`` is returned: what ``fn`` is for comes first.
    """
    plain = fn(text)
    if not isinstance(text, Msg) or plain == text:
        return text if plain == text else plain
    rebuilt = _map_data(text, fn)
    return rebuilt if rebuilt == plain else plain


def _map_data(text: str, fn: Callable[[str], str]) -> str:
    if isinstance(text, Joined):
        return Joined(text.separator, [_map_data(part, fn) for part in text.parts])
    if isinstance(text, Msg):
        params = {k: _map_data(v, fn) if isinstance(v, str) else v for k, v in text.params.items()}
        if isinstance(text, Plural):
            return Plural(text.singular, text.plural, text.n, **params)
        return Msg(text.template, **params)
    return fn(text)


def localized(value: Any) -> Any:
    """``value`` with every :class:`Msg` in it (also inside lists and tables) in the current language;
    anything else is data and comes back as it is."""
    if isinstance(value, Msg):
        return value.shown()
    if isinstance(value, Mapping):
        return {k: localized(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [localized(v) for v in value]
    return value


def _param(value: object) -> object:
    """A parameter as shown: run-time and marked text (a ``Msg``) translated, data left alone.

    A mirror called ``ok`` or a GOPROXY entry ``direct`` is data and must not come out translated;
    only the fixed sentences probes embed in plain text are (:func:`translate_known`).
    """
    return translate_known(value) if isinstance(value, str) and not isinstance(value, Msg) else localized(value)


def message_of(exc: BaseException) -> str:
    """The text an exception was raised with, still a :class:`Msg` if it was one (``str(exc)`` is plain English)."""
    args = exc.args
    return args[0] if len(args) == 1 and isinstance(args[0], str) else str(exc)


def tr(text: object) -> str:
    """Any text from the core as the user should read it, in the current language.

    A :class:`Msg` is rebuilt from its template; a plain string is looked up as a msgid (text
    marked with :func:`N_`) and has the fault explanations it embeds translated; an exception
    whose message is a ``Msg`` shows that message. Data that is no msgid comes back unchanged.
    """
    if isinstance(text, BaseException):
        return tr(message_of(text))
    if isinstance(text, Msg):
        return text.shown()
    if isinstance(text, str):
        return translate_known(_(text))
    return "" if text is None else str(text)


STATUS_WORDS = {
    "ok": N_("ok"),
    "warning": N_("warning"),
    "failing": N_("failing"),
    "pending": N_("pending"),
    "flaky": N_("flaky"),
    "no-sumdb": N_("no-sumdb"),
    "sumdb-unknown": N_("sumdb-unknown"),
}
"""Health words shown in status cells; a fault class (``connect-timeout``) is an identifier, never translated."""


def status_word(word: str) -> str:
    """A health status or label for people: translated if it is a word, kept if it is a fault class."""
    return _(STATUS_WORDS[word]) if word in STATUS_WORDS else word


def translate_known(text: str) -> str:
    """``text`` with the fixed sentences it embeds (fault explanations) translated.

    Probe results carry English sentences inside text built from data ("host:443: no TCP answer
    within 5 s (...). The TCP connection was never answered: ..."); the data stays, the sentence
    is shown in the current language. JSON keeps the English original.
    """
    if _language == ENGLISH or not text:
        return text
    from goproxy_tui.core.probes.faults import Fault  # here: faults.py marks its texts with N_

    for fault in Fault:
        english = fault.explanation
        if english in text:
            text = text.replace(english, _(english))
    return text


__all__ = [
    "DOMAIN",
    "ENGLISH",
    "LOCALE_DIR",
    "N_",
    "Joined",
    "Msg",
    "Plural",
    "_",
    "apply_to_data",
    "available_languages",
    "current_language",
    "localized",
    "message_of",
    "ngettext",
    "normalize",
    "resolve_language",
    "set_language",
    "status_word",
    "tr",
    "translate_known",
]
