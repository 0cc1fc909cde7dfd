"""Team profiles are parsed whole: every problem with file:line:key, or a profile ready to apply."""

from __future__ import annotations

from pathlib import Path

import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from goproxy_tui.core.mirrors import BUILTIN_CATALOG, Catalog, Mirror
from goproxy_tui.core.profile import LoadedProfile, load_profile, parse_profile

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "team-profile.example.toml"


def parse(text: str, catalog: Catalog = BUILTIN_CATALOG) -> LoadedProfile:
    return parse_profile(text, "team.toml", catalog)


def where(loaded: LoadedProfile) -> list[str]:
    return [f"{p.line}: {p.key}" for p in loaded.problems]


def test_documented_example_is_a_valid_profile() -> None:
    loaded = load_profile(EXAMPLE, BUILTIN_CATALOG)
    assert loaded.problems == ()
    profile = loaded.profile
    assert profile is not None
    assert profile.changes() == {
        "GOPROXY": "https://goproxy.cn|https://mirrors.aliyun.com/goproxy/|direct",
        "GOSUMDB": "sum.golang.google.cn",
        "GOPRIVATE": "git.corp.example.com",
        "GOFLAGS": "-mod=mod",
        "GOTOOLCHAIN": "local",
        "GONOSUMDB": None,
    }
    assert [(m.name, m.url) for m in profile.mirrors] == [("corp", "https://goproxy.corp.example.com")]
    assert profile.verify_module == "git.corp.example.com/platform/sdk@latest"


def test_mirror_names_become_a_chain_that_falls_through_on_any_error() -> None:
    loaded = parse('[go]\nmirror = ["GoProxy.CN", "corp"]\n[[mirrors]]\nname = "corp"\nurl = "https://p.corp.example.com"\n')
    assert loaded.profile is not None
    assert loaded.profile.settings == {"GOPROXY": "https://goproxy.cn|https://p.corp.example.com|direct"}
    assert loaded.profile.mirror_names == ("goproxy.cn", "corp")
    single = parse('[go]\nmirror = "aliyun"\n').profile
    assert single is not None and single.settings["GOPROXY"] == "https://mirrors.aliyun.com/goproxy/|direct"


def test_mirror_names_resolve_in_the_users_catalog() -> None:
    catalog = Catalog((Mirror("office", "https://goproxy.office.example.com"),))
    loaded = parse('[go]\nmirror = "office"\n', catalog)
    assert loaded.profile is not None
    assert loaded.profile.settings["GOPROXY"] == "https://goproxy.office.example.com|direct"
    refused = parse('[go]\nmirror = "goproxy.cn"\n', catalog)
    assert where(refused) == ["2: [go] mirror"]
    assert "no mirror named 'goproxy.cn'" in refused.problems[0].message
    assert "known mirrors: office" in (refused.problems[0].hint or "")


def test_every_problem_is_listed_with_its_line_and_key() -> None:
    text = """\
GOPROXY = "https://goproxy.cn"
[go]
GOPROXY = "garbage value"
GOROOT = "/usr/local/go"
GOPATH = "/home/me/go"
GOPROXI = "https://goproxy.cn"
HTTPS_PROXY = "http://proxy.example.com:3128"
GOFLAGS = 5
unset = ["GOSUMDB", "GOFLAGS"]
GOSUMDB = "sum.golang.google.cn"

[[mirrors]]
name = "corp"
url = "ftp://files.example.com"
colour = "red"

[verify]
module = "Not A Path"

[gooo]
"""
    loaded = parse(text)
    assert loaded.profile is None
    assert where(loaded) == [
        "1: GOPROXY",
        "3: [go] GOPROXY",
        "4: [go] GOROOT",
        "5: [go] GOPATH",
        "6: [go] GOPROXI",
        "7: [go] HTTPS_PROXY",
        "8: [go] GOFLAGS",
        "9: [go] unset",
        "14: [[mirrors]] #1 url",
        "15: [[mirrors]] #1 colour",
        "18: [verify] module",
        "20: [gooo]",
    ]
    by_key = {p.key: p for p in loaded.problems}
    assert by_key["GOPROXY"].hint == "move GOPROXY under [go]"
    assert "missing scheme" in by_key["[go] GOPROXY"].message
    assert by_key["[go] GOROOT"].message == "GOROOT cannot be modified"
    assert "not a team-profile setting" in by_key["[go] GOPATH"].message
    assert by_key["[go] GOPROXI"].hint == "did you mean GOPROXY?"
    assert "OS environment only" in by_key["[go] HTTPS_PROXY"].message
    assert by_key["[go] GOFLAGS"].message == "must be a string, not 5"
    assert by_key["[go] unset"].message == "GOSUMDB is both set and unset"
    assert by_key["[gooo]"].hint == "did you mean 'go'?"
    assert loaded.problems[0].format() == "team.toml:1: GOPROXY: Go settings belong in the [go] table"


def test_syntax_error_names_the_line() -> None:
    loaded = parse('[go]\nGOPROXY = "https://goproxy.cn\nGOSUMDB = "off"\n')
    assert loaded.profile is None and len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert problem.line == 2 and problem.message.startswith("TOML syntax error")
    assert "defaults" not in problem.message


def test_masked_credentials_are_refused_not_written_as_a_password() -> None:
    loaded = parse('[go]\nGOPROXY = "https://alice:***@goproxy.corp.example.com|direct"\n'
                   '[[mirrors]]\nname = "corp"\nurl = "https://***@goproxy.corp.example.com"\n')
    assert where(loaded) == ["2: [go] GOPROXY", "5: [[mirrors]] #1 url"]
    assert all("masked credential" in p.message for p in loaded.problems)
    assert "--include-secrets" in (loaded.problems[0].hint or "")


def test_credentials_never_appear_in_problems() -> None:
    loaded = parse('[go]\nGOPROXY = "ftp://alice:s3cret@goproxy.corp.example.com"\n')
    assert loaded.profile is None
    assert "s3cret" not in " ".join(p.format() + (p.hint or "") for p in loaded.problems)


def test_risky_values_are_accepted_with_a_note() -> None:
    loaded = parse('[go]\nmirror = "huawei"\nGOINSECURE = "*"\n')
    assert loaded.profile is not None
    notes = " ".join(loaded.profile.notes)
    assert "huawei does not proxy sum.golang.org" in notes
    assert "GOINSECURE" in notes


def test_empty_and_unreadable_profiles_are_refused(tmp_path: Path) -> None:
    assert parse("").problems[0].message == "the profile sets nothing"
    assert parse("[go]\n").profile is not None  # an empty [go] is a valid (no-op) profile
    missing = load_profile(tmp_path / "nope.toml", BUILTIN_CATALOG)
    assert missing.profile is None and "cannot read" in missing.problems[0].message
    binary = parse_profile(b"[go]\nGOFLAGS = \"\xff\"\n", "team.toml", BUILTIN_CATALOG)
    assert binary.problems[0].line == 2 and "not UTF-8" in binary.problems[0].message


# --------------------------------------------------------------------------------------------------
# Property: no input makes the parser raise; every problem is one line with a sane line number.

KEYS = ["go", "mirrors", "verify", "GOPROXY", "GOSUMDB", "GOPRIVATE", "GOFLAGS", "GOTOOLCHAIN", "GOROOT",
        "GOPATH", "mirror", "unset", "name", "url", "operator", "module", "x"]
scalars = st.one_of(
    st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["https://goproxy.cn|direct", "goproxy.cn", "corp", "off", "direct", "GONOSUMDB",
                     "https://u:***@h.example", "example.com/m@latest", "-mod=mod", "local", ""]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.sampled_from(KEYS), children, max_size=4)),
    max_leaves=10,
)


def check_shape(loaded: LoadedProfile) -> None:
    assert (loaded.profile is None) == bool(loaded.problems)
    for problem in loaded.problems:
        assert "\n" not in problem.format()
        assert "could not read profile" not in problem.message, problem.message
        assert problem.line is None or problem.line >= 1


@settings(deadline=None, max_examples=300)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    check_shape(parse(text))


@settings(deadline=None, max_examples=300)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=4))
def test_arbitrary_documents_never_raise(document: dict[str, object]) -> None:
    check_shape(parse(tomlkit.dumps(document)))
