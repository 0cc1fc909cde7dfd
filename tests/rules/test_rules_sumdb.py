"""sumdb.py: GOSUMDB forms read as modfetch/sumdb.go dbDial does, checked against the real go offline."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from rules_oracle import Oracle, build_file_proxy, closed_port, download_errors

from goproxy_tui.core.rules.sumdb import (
    KNOWN_GOSUMDB,
    OFF_WARNING,
    key_hash,
    make_verifier_key,
    parse_gosumdb,
    parse_verifier_key,
    validate_gosumdb,
)

GOLANG_KEY = KNOWN_GOSUMDB["sum.golang.org"]
PUB = hashlib.sha256(b"test key").digest()  # any 32 bytes: Go checks form and hash, not the curve point
CUSTOM = make_verifier_key("sum.example.test", PUB)


def _key(name: str, key: bytes, hash_value: int | None = None) -> str:
    h = key_hash(name, key) if hash_value is None else hash_value
    return f"{name}+{h:08x}+{base64.b64encode(key).decode()}"


def test_builtin_key_is_well_formed() -> None:
    assert parse_verifier_key(GOLANG_KEY) == ("sum.golang.org", None)


def test_forms() -> None:
    assert parse_gosumdb("off").off
    db = parse_gosumdb("sum.golang.org")
    assert (db.name, db.key, db.url, db.direct_url) == (
        "sum.golang.org",
        GOLANG_KEY,
        None,
        "https://sum.golang.org",
    )
    alias = parse_gosumdb("sum.golang.google.cn")
    assert (alias.name, alias.url, alias.alias) == ("sum.golang.org", "https://sum.golang.google.cn", True)
    explicit = parse_gosumdb(f"{CUSTOM}  https://db.corp.example/sumdb")
    assert (explicit.name, explicit.url) == ("sum.example.test", "https://db.corp.example/sumdb")
    assert parse_gosumdb("sum.golang.org https://sum.golang.google.cn").ok


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", "missing GOSUMDB"),
        (" \t", "missing GOSUMDB"),
        ("a b c", "invalid GOSUMDB: too many fields"),
        ("sum.example.com", "invalid GOSUMDB: malformed verifier id"),
        (" sum.golang.google.cn", "invalid GOSUMDB: malformed verifier id"),  # the alias is exact
        (_key("sum.example.test", b"\x01" + PUB, 0), "invalid GOSUMDB: invalid verifier hash"),
        (_key("sum.example.test", b"\x02" + PUB), "invalid GOSUMDB: unknown verifier algorithm"),
        (_key("sum.example.test", b"\x01" + PUB[:31]), "invalid GOSUMDB: malformed verifier id"),
        (GOLANG_KEY + "x", "invalid GOSUMDB: malformed verifier id"),
        (GOLANG_KEY.replace("+033de0ae+", "+33de0ae+"), "invalid GOSUMDB: malformed verifier id"),
        (
            make_verifier_key("sum.example.test/", PUB),
            "invalid sumdb name (must be host[/path]): sum.example.test/",
        ),
        (make_verifier_key("db?x", PUB), "invalid sumdb name (must be host[/path]): db?x"),
        (make_verifier_key("u@db", PUB), "invalid sumdb name (must be host[/path]): u@db"),
        ("sum.golang.org http://%zz", 'invalid GOSUMDB URL: parse "http://%zz": invalid URL escape "%zz"'),
    ],
)
def test_go_errors(value: str, error: str) -> None:
    check = validate_gosumdb(value)
    assert check.error == error
    assert check.hint and "\n" not in check.error


def test_uppercase_hash_is_accepted() -> None:
    assert validate_gosumdb(GOLANG_KEY.replace("033de0ae", "033DE0AE")).ok


def test_off_warns_and_is_never_the_hint() -> None:
    check = validate_gosumdb("off")
    assert check.ok and check.warnings == (OFF_WARNING,)
    assert "disables checksum verification" in OFF_WARNING
    for bad in ("", "x y z", "sum.example.com"):
        hint = validate_gosumdb(bad).hint or ""
        assert "off" not in hint.split()


def test_explicit_url_warnings() -> None:
    assert validate_gosumdb(f"{CUSTOM} https://db.corp.example").warnings == ()
    assert any("no host" in w for w in validate_gosumdb(f"{CUSTOM} https://").warnings)
    assert any("no scheme" in w for w in validate_gosumdb(f"{CUSTOM} db.corp.example").warnings)
    assert validate_gosumdb("sum.golang.google.cn").warnings == ()


# --------------------------------------------------------------------------------------------------
# Oracle: download one module through a file:// proxy that also "supports" the databases named here, so
# Go reads the checksum database from files (no traffic); explicit URLs point at a closed local port.

CASES = [
    # (template, go outcome: ok | refused | fail | error = our error)
    ("off", "ok"),
    ("sum.golang.org", "fail"),
    ("{CUSTOM}", "fail"),
    (GOLANG_KEY.replace("033de0ae", "033DE0AE"), "fail"),
    ("{CUSTOM} {DEAD}", "refused"),
    ("sum.golang.org {DEAD}", "refused"),
    ("sum.golang.org\t{DEAD}", "refused"),
    ("sum.golang.google.cn", "refused"),  # via the test's dead HTTPS_PROXY: never leaves the machine
    (" ", "error"),
    ("a b c", "error"),
    ("sum.example.com", "error"),
    (" sum.golang.google.cn", "error"),
    (_key("sum.example.test", b"\x01" + PUB, 0), "error"),
    (_key("sum.example.test", b"\x02" + PUB), "error"),
    (_key("sum.example.test", b"\x01" + PUB[:31]), "error"),
    (GOLANG_KEY + "=", "error"),
    (make_verifier_key("sum.example.test/", PUB), "error"),
    (make_verifier_key("db?x", PUB), "error"),
    ("sum.golang.org http://%zz", "error"),
]


def test_gosumdb_values_agree_with_real_go(tmp_path: Path) -> None:
    oracle = Oracle(tmp_path)
    proxy = build_file_proxy(
        tmp_path / "proxy", [("example.com/a", "v1.0.0")], sumdb_names=["sum.golang.org", "sum.example.test"]
    )
    subst = {"{CUSTOM}": CUSTOM, "{DEAD}": f"http://127.0.0.1:{closed_port()}"}
    values = []
    for template, _ in CASES:
        for key, sub in subst.items():
            template = template.replace(key, sub)
        values.append(template)
    work = oracle.workdir("dl", module=None)
    args = ["mod", "download", "-json", "example.com/a@v1.0.0"]
    results = oracle.run_many((args, work, oracle.env(GOPROXY=proxy, GOSUMDB=v)) for v in values)
    syntax = ("invalid GOSUMDB", "missing GOSUMDB", "invalid sumdb name")
    for (template, expect), value, result in zip(CASES, values, results, strict=True):
        go_error = download_errors(result).get("example.com/a@v1.0.0", "no JSON: " + result.output)
        ours = parse_gosumdb(value)
        if expect == "error":
            assert ours.error is not None, template
            assert go_error and ours.error in go_error, (template, go_error)  # go adds a struct dump to names
            continue
        assert ours.ok, (template, ours.error)
        if expect == "ok":
            assert go_error is None
        else:
            assert go_error and not any(s in go_error for s in syntax), (template, go_error)
            if expect == "refused":
                assert "refused" in go_error, (template, go_error)
