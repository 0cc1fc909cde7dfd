"""Loading config.toml: defaults, location, and malformed files that must never stop gotui."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from goproxy_tui.core.config import (
    Config,
    ConfigProblem,
    DnsSettings,
    config_path,
    load_config,
    parse_resolver,
)

DESIGN_EXAMPLE = """\
[catalog]
include_builtin = true          # false: only the mirrors below
[[mirrors]]
name = "corp"                   # shown in the table; `gotui use corp`
url = "https://goproxy.corp.example.com"
[probe]
module = "github.com/gin-gonic/gin"   # what the GOPROXY probes ask for
timeout = 5.0                   # seconds per phase
interval = 10.0                 # live table refresh
[dns]
resolvers = ["223.5.5.5", "119.29.29.29", "8.8.8.8"]   # compared with the system resolver
"""


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config path under tmp_path, also exported as $GOTUI_CONFIG (the real one is never read)."""
    path = tmp_path / "gotui" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv("GOTUI_CONFIG", str(path))
    return path


def write(path: Path, text: str) -> bytes:
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def lines(problems: tuple[ConfigProblem, ...]) -> list[str]:
    return [str(p) for p in problems]


# --- location ----------------------------------------------------------------------------------------


def test_gotui_config_env_overrides_location(cfg: Path) -> None:
    write(cfg, '[probe]\ntimeout = 2.5\n')
    assert config_path() == cfg
    loaded = load_config()
    assert loaded.path == cfg and loaded.exists
    assert loaded.config.probe.timeout == 2.5


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CONFIG_HOME is the Linux rule")
def test_default_location_is_user_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOTUI_CONFIG", "")  # empty counts as unset
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_path() == tmp_path / "xdg" / "gotui" / "config.toml"
    loaded = load_config()
    assert loaded.path == tmp_path / "xdg" / "gotui" / "config.toml" and not loaded.exists


def test_missing_file_gives_defaults_without_problems(cfg: Path) -> None:
    loaded = load_config()
    assert not loaded.exists and loaded.ok
    assert loaded.config == Config()
    assert loaded.config.probe.module == "github.com/gin-gonic/gin"
    assert loaded.config.probe.timeout == 5.0 and loaded.config.probe.interval == 10.0
    assert loaded.config.dns.resolvers == ("223.5.5.5", "119.29.29.29", "8.8.8.8")
    assert loaded.config.switch.chain == "resilient" and loaded.config.switch.auto_failover is False
    assert loaded.config.ui.lang == "" and loaded.config.catalog.include_builtin is True
    assert loaded.catalog.names()[0] == "golang" and len(loaded.catalog) == 6
    assert not cfg.exists()  # reading never creates the file


def test_design_example_loads_cleanly(cfg: Path) -> None:
    write(cfg, DESIGN_EXAMPLE)
    loaded = load_config()
    assert loaded.ok, lines(loaded.problems)
    assert [m.name for m in loaded.config.mirrors] == ["corp"]
    assert loaded.catalog.by_name("corp").url == "https://goproxy.corp.example.com"  # type: ignore[union-attr]


def test_all_keys_are_read(cfg: Path) -> None:
    write(cfg, """
[catalog]
include_builtin = false
[[mirrors]]
name = "corp"
url = "https://u:tok@goproxy.corp.example.com"
operator = "Corp IT"
[probe]
module = "golang.org/x/text"
timeout = 3
interval = 30
[dns]
resolvers = ["10.0.0.53", "9.9.9.9:5353", "[2400:3200::1]:53", "2001:4860:4860::8888"]
[switch]
chain = "plain"
auto_failover = true
[ui]
lang = "zh-CN"
""")
    loaded = load_config()
    assert loaded.ok, lines(loaded.problems)
    c = loaded.config
    assert loaded.catalog.names() == ("corp",)
    assert c.mirrors[0].operator == "Corp IT" and c.mirrors[0].has_credentials
    assert (c.probe.module, c.probe.timeout, c.probe.interval) == ("golang.org/x/text", 3.0, 30.0)
    assert isinstance(c.probe.timeout, float)
    assert c.dns.addresses() == (("10.0.0.53", 53), ("9.9.9.9", 5353), ("2400:3200::1", 53),
                                 ("2001:4860:4860::8888", 53))
    assert (c.switch.chain, c.switch.auto_failover, c.ui.lang) == ("plain", True, "zh-CN")


def test_empty_resolver_list_is_allowed(cfg: Path) -> None:
    write(cfg, "[dns]\nresolvers = []\n")
    loaded = load_config()
    assert loaded.ok and loaded.config.dns.resolvers == ()


# --- malformed files: problems listed with line numbers, defaults used, file untouched ----------------


def test_syntax_error_reports_line_and_uses_defaults(cfg: Path) -> None:
    before = write(cfg, "# comment\n[probe]\ntimeout = 2.0\ninterval = \n")
    loaded = load_config()
    assert loaded.config == Config()  # nothing from a file that is not TOML
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert (problem.file, problem.line) == (cfg, 4)
    assert str(problem).startswith("config.toml:4: TOML syntax error: Invalid value")
    assert problem.format(full_path=True).startswith(f"{cfg}:4: ")
    assert cfg.read_bytes() == before


def test_syntax_error_at_end_of_file(cfg: Path) -> None:
    before = write(cfg, '[ui]\nlang = "en\n')
    (problem,) = load_config().problems
    assert problem.line == 2 and "syntax error" in problem.message
    assert cfg.read_bytes() == before


def test_duplicate_table_is_a_syntax_error_with_line(cfg: Path) -> None:
    write(cfg, "[probe]\ntimeout = 1.0\n\n[probe]\ninterval = 2.0\n")
    (problem,) = load_config().problems
    assert problem.line == 4


def test_example_message_format(cfg: Path) -> None:
    before = write(cfg, "# gotui\n\n[probe]\nmodule = \"golang.org/x/mod\"\n\n\ntimeout = -1\n")
    loaded = load_config()
    assert lines(loaded.problems) == [
        "config.toml:7: [probe] timeout: must be a positive number, not -1; default used"
    ]
    assert loaded.config.probe.timeout == 5.0
    assert loaded.config.probe.module == "golang.org/x/mod"  # the good key in the same section is kept
    assert cfg.read_bytes() == before


BAD_FILE = """\
# a config with one mistake per line
[catalog]
include_builtin = "no"

[[mirrors]]
name = "corp"
url = "https://u:s3cret@goproxy.corp.example.com/"
colour = "red"

[[mirrors]]
name = "CORP"
url = "https://other.example"

[[mirrors]]
name = "ftp"
url = "ftp://mirror.example"

[[mirrors]]
url = "https://noname.example"

[probe]
timout = 3
timeout = "5s"
interval = 0.5
module = "not a module"

[dns]
resolvers = [
  "223.5.5.5",  # comment = inside an array
  \"\"\"x = 1
[probe]\"\"\",
  "dns.google",
  "10.0.0.1:99999",
]

[switch]
chain = "fast"
auto_failover = 1

[ui]
lang = 5

[extras]
x = 1
"""


def test_semantic_errors_are_listed_per_key_with_lines(cfg: Path) -> None:
    before = write(cfg, BAD_FILE)
    loaded = load_config()
    got = lines(loaded.problems)
    assert got == [
        "config.toml:3: [catalog] include_builtin: must be true or false, not 'no'; default used",
        "config.toml:8: [[mirrors]] #1 colour: unknown key, ignored",
        "config.toml:11: [[mirrors]] #2 name: duplicate mirror name 'CORP'; entry ignored",
        "config.toml:16: [[mirrors]] #3 url: scheme 'ftp' is not allowed: a mirror URL is http or https; "
        "entry ignored",
        "config.toml:18: [[mirrors]] #4 name: missing 'name'; entry ignored",
        "config.toml:22: [probe] timout: unknown key, ignored (did you mean 'timeout'?)",
        "config.toml:23: [probe] timeout: must be a positive number of seconds, not '5s'; default used",
        "config.toml:24: [probe] interval: must be a number of seconds >= 1, not 0.5; default used",
        "config.toml:25: [probe] module: 'not a module' is not a module path (no spaces, no @version); "
        "default used",
        "config.toml:28: [dns] resolvers: 'x = 1\\n[probe]' is not an IP address (optionally with :port); "
        "entry ignored",
        "config.toml:28: [dns] resolvers: 'dns.google' is not an IP address (optionally with :port); "
        "entry ignored",
        "config.toml:28: [dns] resolvers: '10.0.0.1:99999': port must be 1-65535; entry ignored",
        "config.toml:37: [switch] chain: must be 'resilient' or 'plain', not 'fast'; default used",
        "config.toml:38: [switch] auto_failover: must be true or false, not 1; default used",
        "config.toml:41: [ui] lang: must be a language code string, not 5; default used",
        "config.toml:43: [extras]: unknown section, ignored",
    ]
    c = loaded.config
    # Good parts survive: the first corp mirror (with its unknown key ignored), the good resolver.
    assert [m.name for m in c.mirrors] == ["corp"]
    assert c.dns.resolvers == ("223.5.5.5",)
    assert c == Config(mirrors=c.mirrors, dns=DnsSettings(("223.5.5.5",)))
    assert "s3cret" not in "".join(got)
    assert cfg.read_bytes() == before


def test_credentials_in_bad_url_are_masked(cfg: Path) -> None:
    write(cfg, '[[mirrors]]\nname = "x"\nurl = "https://bob:s3cret@host.example/?q"\n')
    (problem,) = load_config().problems
    assert "s3cret" not in str(problem) and "bob:***@" in str(problem)


def test_section_of_wrong_type_uses_section_defaults(cfg: Path) -> None:
    before = write(cfg, 'probe = 5\nmirrors = "none"\n[dns]\nresolvers = "8.8.8.8"\n')
    loaded = load_config()
    assert lines(loaded.problems) == [
        "config.toml:1: [probe]: must be a table ([probe]), not 5; defaults used",
        "config.toml:2: [[mirrors]]: must be an array of tables: write each mirror under [[mirrors]]",
        "config.toml:4: [dns] resolvers: must be an array of strings, not '8.8.8.8'; default used",
    ]
    assert loaded.config == Config()
    assert cfg.read_bytes() == before


def test_mirrors_written_as_a_table_instead_of_array(cfg: Path) -> None:
    write(cfg, '[mirrors]\nname = "corp"\nurl = "https://goproxy.corp.example.com"\n')
    (problem,) = load_config().problems
    assert problem.line == 1 and "[[mirrors]]" in problem.message


def test_inline_mirror_entries_and_dotted_keys_are_located(cfg: Path) -> None:
    write(cfg, 'probe.timeout = 0\n\nmirrors = [\n  {name = "a", url = "gopher://x"},\n]\n')
    assert lines(load_config().problems) == [
        "config.toml:1: [probe] timeout: must be a positive number, not 0; default used",
        "config.toml:3: [[mirrors]] #1 url: scheme 'gopher' is not allowed: a mirror URL is http or https; "
        "entry ignored",
    ]


def test_nan_and_inf_are_rejected(cfg: Path) -> None:
    write(cfg, "[probe]\ntimeout = nan\ninterval = inf\n")
    loaded = load_config()
    assert [p.key for p in loaded.problems] == ["[probe] timeout", "[probe] interval"]
    assert loaded.config.probe == Config().probe


def test_not_utf8_reports_line(cfg: Path) -> None:
    cfg.write_bytes(b"[ui]\nlang = \"en\"\n# caf\xe9\n")
    (problem,) = load_config().problems
    assert problem.line == 3 and "UTF-8" in problem.message


def test_utf8_bom_is_accepted(cfg: Path) -> None:
    cfg.write_bytes(b"\xef\xbb\xbf[ui]\nlang = \"zh\"\n")
    loaded = load_config()
    assert loaded.ok and loaded.config.ui.lang == "zh"


def test_unreadable_path_gives_problem_not_exception(cfg: Path) -> None:
    cfg.mkdir()  # a directory where the file should be
    loaded = load_config()
    assert loaded.config == Config()
    (problem,) = loaded.problems
    assert "cannot read" in problem.message and problem.line is None


def test_deeply_nested_value_gives_problem_not_exception(cfg: Path) -> None:
    write(cfg, "x = " + "[" * 5000 + "]" * 5000 + "\n")
    loaded = load_config()
    assert loaded.config == Config() and len(loaded.problems) == 1


def test_duplicate_names_differ_only_in_case_first_wins(cfg: Path) -> None:
    write(cfg, '[[mirrors]]\nname = "Corp"\nurl = "https://a.example"\n'
               '[[mirrors]]\nname = "corp"\nurl = "https://b.example"\n')
    loaded = load_config()
    assert [m.url for m in loaded.config.mirrors] == ["https://a.example"]
    assert [p.line for p in loaded.problems] == [5]


def test_user_mirror_overrides_builtin_through_config(cfg: Path) -> None:
    write(cfg, '[[mirrors]]\nname = "goproxy.cn"\nurl = "https://goproxy-cache.corp.example"\n')
    catalog = load_config().catalog
    assert len(catalog) == 6
    assert catalog.by_name("goproxy.cn").url == "https://goproxy-cache.corp.example"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8.8.8.8", ("8.8.8.8", 53)), ("9.9.9.9:5353", ("9.9.9.9", 5353)), ("::1", ("::1", 53)),
     ("[::1]:5300", ("::1", 5300))],
)
def test_parse_resolver(text: str, expected: tuple[str, int]) -> None:
    assert parse_resolver(text) == expected


@pytest.mark.parametrize(
    "text", ["dns.google", "8.8.8.8:0", "8.8.8.8:x", "[8.8.8.8]:53", "[::1", "", "1.2.3", "::1:99999"]
)
def test_parse_resolver_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_resolver(text)
