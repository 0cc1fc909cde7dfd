"""Property tests: whatever is in config.toml, load_config returns usable settings and never raises."""

from __future__ import annotations

import math
from pathlib import Path

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goproxy_tui.core.config import Config, LoadedConfig, load_config

FIXTURE_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)

KNOWN_KEYS = ["catalog", "mirrors", "probe", "dns", "switch", "ui", "include_builtin", "name", "url",
              "operator", "module", "timeout", "interval", "resolvers", "chain", "auto_failover", "lang"]

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["https://goproxy.cn", "ftp://x", "8.8.8.8", "[::1]:53", "plain", "resilient", "",
                     "https://u:p@h.example/", "github.com/a/b", "zh-CN"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(KNOWN_KEYS), children, max_size=4)),
    max_leaves=12,
)
documents = st.dictionaries(st.sampled_from([*KNOWN_KEYS, "extra"]), values, max_size=6)


def assert_usable(loaded: LoadedConfig) -> None:
    """Whatever the file held, the settings obey their own rules."""
    c = loaded.config
    assert isinstance(c, Config)
    assert isinstance(c.catalog.include_builtin, bool)
    assert isinstance(c.probe.timeout, float) and math.isfinite(c.probe.timeout) and c.probe.timeout > 0
    assert isinstance(c.probe.interval, float) and c.probe.interval >= 1
    assert c.switch.chain in ("resilient", "plain") and isinstance(c.switch.auto_failover, bool)
    assert all(isinstance(r, str) for r in c.dns.resolvers)
    c.dns.addresses()  # every kept resolver parses
    names = [m.name.casefold() for m in c.mirrors]
    assert len(names) == len(set(names))
    loaded.catalog  # noqa: B018 - merging must not raise
    for problem in loaded.problems:
        text = str(problem)
        assert "\n" not in text
        assert "could not read config" not in text, text  # the defensive catch-all must never fire
        assert problem.line is None or problem.line >= 1


@FIXTURE_OK
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    assert_usable(load_config(path))
    assert path.read_bytes() == data


@FIXTURE_OK
@given(st.lists(st.sampled_from([*"[]{}=\"'#.,\n\r\t abc123-_:\\", "'''", '"""', "[[", "]]",
                                 "timeout", "probe", "mirrors", "url", "name"]), max_size=80).map("".join))
def test_toml_like_text_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode())
    assert_usable(load_config(path))


@FIXTURE_OK
@given(documents)
def test_valid_toml_with_any_shape_never_raises(tmp_path: Path, document: dict[str, object]) -> None:
    path = tmp_path / "config.toml"
    try:
        text = tomlkit.dumps(document)
    except Exception:  # tomlkit cannot write some shapes (e.g. nested NaN tables): not our input
        return
    path.write_text(text, encoding="utf-8")
    assert_usable(load_config(path))


@FIXTURE_OK
@given(
    before=st.lists(st.sampled_from(["", "# note", "[ui]", 'lang = "en"', 'x = """a\n[probe]\ntimeout = 1"""',
                                     "arr = [\n  1, # c\n  2,\n]", "[[mirrors]]", 'name = "a"',
                                     'url = "https://a.example"']), max_size=8),
    pad=st.integers(min_value=0, max_value=3),
)
def test_reported_line_is_the_bad_keys_line(tmp_path: Path, before: list[str], pad: int) -> None:
    head = "\n".join(before)
    text = f"{head}\n{chr(10) * pad}[probe]\ntimeout = -2\n"
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_config(path)
    if any("syntax error" in p.message for p in loaded.problems):
        return  # e.g. a duplicated [ui] or name key: not what this property is about
    bad = [p for p in loaded.problems if p.key == "[probe] timeout"]
    assert len(bad) == 1
    assert bad[0].line == text.splitlines().index("timeout = -2") + 1
