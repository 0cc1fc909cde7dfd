"""Writing config.toml: comments and order survive, bad input is refused, writes are atomic with a .bak."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from goproxy_tui.core.config import (
    ConfigWriteError,
    add_mirror,
    load_config,
    parse_value,
    set_value,
)

COMMENTED = """\
# gotui config — hand edited, keep my notes!
[catalog]
include_builtin = true          # false: only the mirrors below

# the office mirror (ask IT before changing)
[[mirrors]]
name = "corp"                   # shown in the table
url = "https://goproxy.corp.example.com"

[probe]
# what the probes ask for
module = "github.com/gin-gonic/gin"
timeout = 5.0                   # seconds per phase
interval = 10.0

[dns]
resolvers = [
  "223.5.5.5",   # AliDNS
  "8.8.8.8",
]
"""


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv("GOTUI_CONFIG", str(path))
    return path


def bak(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def seed(path: Path, text: str) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return path.read_bytes()


# --- round trip ----------------------------------------------------------------------------------------


def test_add_mirror_keeps_comments_and_order(cfg: Path) -> None:
    before = seed(cfg, COMMENTED)
    added = add_mirror("backup", "https://goproxy.backup.example.com", operator="Backup Ltd")
    assert added.name == "backup" and not added.builtin
    expected = COMMENTED.replace(
        'url = "https://goproxy.corp.example.com"\n\n',
        'url = "https://goproxy.corp.example.com"\n\n'
        '[[mirrors]]\nname = "backup"\nurl = "https://goproxy.backup.example.com"\n'
        'operator = "Backup Ltd"\n\n',
    )
    assert cfg.read_text(encoding="utf-8") == expected
    assert bak(cfg).read_bytes() == before
    loaded = load_config()
    assert loaded.ok
    assert [m.name for m in loaded.config.mirrors] == ["corp", "backup"]
    assert loaded.config.mirrors[1].operator == "Backup Ltd"


def test_set_value_changes_only_that_line_and_keeps_its_comment(cfg: Path) -> None:
    seed(cfg, COMMENTED)
    set_value("probe", "timeout", 2.5)
    old, new = COMMENTED.splitlines(), cfg.read_text(encoding="utf-8").splitlines()
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [("timeout = 5.0                   # seconds per phase",
                        "timeout = 2.5                   # seconds per phase")]
    assert load_config().config.probe.timeout == 2.5


def test_set_value_new_key_goes_into_its_section(cfg: Path) -> None:
    seed(cfg, COMMENTED)
    set_value("catalog", "include_builtin", False)
    set_value("switch", "chain", "plain")
    set_value("ui", "lang", "zh-CN")
    text = cfg.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED.replace("include_builtin = true", "include_builtin = false"))
    assert text.endswith('\n[switch]\nchain = "plain"\n\n[ui]\nlang = "zh-CN"\n')
    config = load_config().config
    assert (config.catalog.include_builtin, config.switch.chain, config.ui.lang) == (False, "plain", "zh-CN")


def test_set_value_adds_missing_key_to_existing_section(cfg: Path) -> None:
    seed(cfg, "[switch]\nchain = \"plain\"  # keep\n\n[ui]\nlang = \"en\"\n")
    set_value("switch", "auto_failover", True)
    assert cfg.read_text(encoding="utf-8") == (
        '[switch]\nchain = "plain"  # keep\nauto_failover = true\n\n[ui]\nlang = "en"\n'
    )


def test_set_value_list_and_int(cfg: Path) -> None:
    seed(cfg, COMMENTED)
    set_value("dns", "resolvers", ["10.0.0.53", "[::1]:5353"])
    set_value("probe", "interval", 30)
    loaded = load_config()
    assert loaded.config.dns.resolvers == ("10.0.0.53", "[::1]:5353")
    assert "interval = 30\n" in cfg.read_text(encoding="utf-8")
    assert loaded.config.probe.interval == 30.0


def test_dotted_keys_are_updated_in_place(cfg: Path) -> None:
    seed(cfg, "probe.timeout = 5 # c\n")
    set_value("probe", "timeout", 7)
    assert cfg.read_text(encoding="utf-8") == "probe.timeout = 7 # c\n"


def test_crlf_file_stays_crlf(cfg: Path) -> None:
    seed(cfg, "[probe]\r\ntimeout = 1.0\r\n\r\n[[mirrors]]\r\nname = \"a\"\r\nurl = \"https://a.example\"\r\n")
    set_value("probe", "interval", 20.0)
    add_mirror("b", "https://b.example")
    data = cfg.read_bytes()
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    loaded = load_config()
    assert loaded.ok and [m.name for m in loaded.config.mirrors] == ["a", "b"]


def test_bom_is_kept(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_bytes(b"\xef\xbb\xbf[ui]\nlang = \"en\"\n")
    set_value("ui", "lang", "zh")
    assert cfg.read_bytes() == b"\xef\xbb\xbf[ui]\nlang = \"zh\"\n"


def test_inline_mirror_array_gets_an_inline_entry(cfg: Path) -> None:
    seed(cfg, 'mirrors = [{name = "a", url = "https://a.example"}]\n')
    add_mirror("b", "https://b.example")
    loaded = load_config()
    assert loaded.ok and [m.name for m in loaded.config.mirrors] == ["a", "b"]
    assert cfg.read_text(encoding="utf-8").startswith("mirrors = [{")


# --- creating ------------------------------------------------------------------------------------------


def test_add_mirror_creates_file_and_dirs(cfg: Path) -> None:
    assert not cfg.parent.exists()
    add_mirror("corp", "https://u:tok@goproxy.corp.example.com")
    assert cfg.read_text(encoding="utf-8") == (
        '[[mirrors]]\nname = "corp"\nurl = "https://u:tok@goproxy.corp.example.com"\n'
    )
    assert not bak(cfg).exists()  # nothing to back up
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o600  # may hold credentials
    assert load_config().catalog.names()[-1] == "corp"


def test_set_value_creates_file(cfg: Path) -> None:
    set_value("switch", "auto_failover", True)
    assert cfg.read_text(encoding="utf-8") == "[switch]\nauto_failover = true\n"


def test_explicit_path_argument(tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    add_mirror("x", "https://x.example", path=path)
    set_value("probe", "timeout", 1.5, path=path)
    loaded = load_config(path)
    assert loaded.config.probe.timeout == 1.5 and loaded.config.mirrors[0].name == "x"


# --- refusals: the file is never changed ---------------------------------------------------------------


def test_add_mirror_refuses_duplicate_name(cfg: Path) -> None:
    before = seed(cfg, COMMENTED)
    with pytest.raises(ConfigWriteError, match="a mirror named 'corp' is already in the config"):
        add_mirror("CORP", "https://elsewhere.example")
    assert cfg.read_bytes() == before and not bak(cfg).exists()


def test_add_mirror_may_override_a_builtin(cfg: Path) -> None:
    add_mirror("aliyun", "https://aliyun-cache.corp.example")
    catalog = load_config().catalog
    assert len(catalog) == 6
    assert catalog.by_name("aliyun").url == "https://aliyun-cache.corp.example"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "url", "message"),
    [
        ("corp", "ftp://x.example", "mirror url: scheme 'ftp' is not allowed"),
        ("corp", "https://x.example,direct", "mirror url:"),
        ("my corp", "https://x.example", "mirror name:"),
        ("corp", "https://bob:s3cret@x.example/?a", "mirror url:"),
    ],
)
def test_add_mirror_refuses_invalid_input(cfg: Path, name: str, url: str, message: str) -> None:
    before = seed(cfg, COMMENTED)
    with pytest.raises(ConfigWriteError) as info:
        add_mirror(name, url)
    assert message in str(info.value) and "s3cret" not in str(info.value)
    assert cfg.read_bytes() == before


def test_writers_refuse_a_file_that_does_not_parse(cfg: Path) -> None:
    before = seed(cfg, "# mine\n[probe]\ntimeout = \n")
    with pytest.raises(ConfigWriteError, match=r"config\.toml:3: TOML syntax error.*fix it first"):
        add_mirror("corp", "https://goproxy.corp.example.com")
    with pytest.raises(ConfigWriteError, match="fix it first"):
        set_value("probe", "timeout", 1.0)
    assert cfg.read_bytes() == before and not bak(cfg).exists()


def test_writers_refuse_non_utf8(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_bytes(b"# caf\xe9\n")
    with pytest.raises(ConfigWriteError, match="not UTF-8"):
        set_value("ui", "lang", "en")
    assert cfg.read_bytes() == b"# caf\xe9\n"


@pytest.mark.parametrize(
    ("section", "key", "value", "message"),
    [
        ("probe", "timeout", -1, "[probe] timeout: must be a positive number"),
        ("probe", "timeout", True, "must be a positive number of seconds"),
        ("probe", "timout", 1.0, "[probe] timout: unknown key"),
        ("proxy", "x", 1, "[proxy]: cannot set keys here"),
        ("mirrors", "name", "x", "use add_mirror"),
        ("switch", "chain", "fast", "must be 'resilient' or 'plain'"),
        ("dns", "resolvers", "8.8.8.8", "must be a list of strings"),
        ("dns", "resolvers", ["8.8.8.8", "dns.google"], "is not an IP address"),
        ("catalog", "include_builtin", "false", "must be true or false"),
    ],
)
def test_set_value_refuses_invalid(cfg: Path, section: str, key: str, value: object, message: str) -> None:
    before = seed(cfg, COMMENTED)
    with pytest.raises(ConfigWriteError) as info:
        set_value(section, key, value)
    assert message in str(info.value)
    assert cfg.read_bytes() == before


def test_set_value_refuses_section_that_is_not_a_table(cfg: Path) -> None:
    before = seed(cfg, "probe = 5\n")
    with pytest.raises(ConfigWriteError, match="not a table"):
        set_value("probe", "timeout", 1.0)
    assert cfg.read_bytes() == before


def test_set_value_works_despite_unrelated_semantic_problems(cfg: Path) -> None:
    seed(cfg, "[probe]\ntimeout = -1\n[ui]\nlang = 5\n")
    set_value("probe", "timeout", 3.0)
    loaded = load_config()
    assert loaded.config.probe.timeout == 3.0
    assert [p.key for p in loaded.problems] == ["[ui] lang"]  # left for the user to fix


def test_os_errors_become_one_line_errors(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigWriteError, match="cannot read: Not a directory"):
        add_mirror("x", "https://x.example", path=blocker / "config.toml")


def test_failed_write_leaves_file_and_dir_as_they_were(cfg: Path) -> None:
    before = seed(cfg, COMMENTED)
    bak(cfg).mkdir()  # the backup cannot be written
    with pytest.raises(ConfigWriteError, match="cannot write"):
        set_value("probe", "timeout", 1.0)
    assert cfg.read_bytes() == before
    assert sorted(p.name for p in cfg.parent.iterdir()) == ["config.toml", "config.toml.bak"]


# --- atomicity, backup, permissions, symlinks ----------------------------------------------------------


def test_bak_holds_content_before_the_latest_write_and_no_temp_files_remain(cfg: Path) -> None:
    seed(cfg, COMMENTED)
    set_value("probe", "timeout", 1.0)
    after_first = cfg.read_bytes()
    set_value("probe", "timeout", 2.0)
    assert bak(cfg).read_bytes() == after_first
    assert sorted(p.name for p in cfg.parent.iterdir()) == ["config.toml", "config.toml.bak"]


def test_existing_permissions_are_kept(cfg: Path) -> None:
    seed(cfg, COMMENTED)
    os.chmod(cfg, 0o640)
    set_value("probe", "timeout", 1.0)
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o640
    assert stat.S_IMODE(bak(cfg).stat().st_mode) == 0o640


def test_symlinked_config_updates_the_target(cfg: Path, tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "gotui.toml"
    seed(real, COMMENTED)
    cfg.parent.mkdir()
    cfg.symlink_to(real)
    set_value("ui", "lang", "en")
    assert cfg.is_symlink()
    assert load_config().config.ui.lang == "en"
    assert real.read_text(encoding="utf-8").endswith('[ui]\nlang = "en"\n')


# --- command-line text -> typed values -----------------------------------------------------------------


def test_parse_value() -> None:
    assert parse_value("catalog", "include_builtin", "False") is False
    assert parse_value("probe", "timeout", "3") == 3.0
    assert parse_value("dns", "resolvers", "1.1.1.1, 8.8.8.8") == ["1.1.1.1", "8.8.8.8"]
    assert parse_value("switch", "chain", "plain") == "plain"
    with pytest.raises(ValueError, match="must be true or false"):
        parse_value("switch", "auto_failover", "yes please")
    with pytest.raises(ValueError, match="unknown key"):
        parse_value("probe", "nope", "1")
