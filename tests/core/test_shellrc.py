"""Pointing at the shell line that exports a variable overriding the env file."""

from __future__ import annotations

from pathlib import Path

from goproxy_tui.core.shellrc import find_export_sites, shell_files, where_is_it_set


def test_finds_exports_in_bash_zsh_fish_and_csh(tmp_path: Path) -> None:
    (tmp_path / ".bashrc").write_text("alias ll='ls -l'\nexport GOPROXY=https://goproxy.io,direct\n")
    (tmp_path / ".zshrc").write_text("GOPROXY=https://u:pw@corp.example.com\nexport GOPROXYX=1\n")
    fish = tmp_path / ".config/fish"
    fish.mkdir(parents=True)
    (fish / "config.fish").write_text("set -gx GOPROXY https://goproxy.cn\n")
    (tmp_path / ".profile").write_text("setenv GOPROXY https://goproxy.cn\n# export GOPROXY=old\n")
    sites = find_export_sites("GOPROXY", shell_files(tmp_path))
    found = {(site.path.name, site.line) for site in sites}
    assert found == {(".bashrc", 2), (".zshrc", 1), ("config.fish", 1), (".profile", 1)}
    assert all("pw@" not in site.text for site in sites), "credentials are masked"


def test_where_is_it_set_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / ".bashrc").write_text("\n\nexport GOSUMDB=off\n")
    message = where_is_it_set("GOSUMDB", {"HOME": str(tmp_path)})
    assert f"{tmp_path / '.bashrc'}:3" in message


def test_where_is_it_set_without_a_shell_file_says_so(tmp_path: Path) -> None:
    message = where_is_it_set("GONOSUMDB", {"HOME": str(tmp_path)})
    assert "no shell startup file sets it" in message
