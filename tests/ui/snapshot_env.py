"""A fixed Go environment for snapshots: machine paths and timings would make SVGs differ per run.

Warnings are not typed in: they come from the real validators, so the snapshot shows what the rules say.
"""

from __future__ import annotations

from pathlib import Path

from goproxy_tui.core.goenv import SPEC_BY_NAME, EnvVar, GoEnvironment
from goproxy_tui.core.gotool import GoTool
from goproxy_tui.core.rules.settings import validate_setting, warnings_by_key

ENVFILE = "/home/dev/.config/go/env"
#        name          effective                                   file                          source
ROWS = [
    ("GOPROXY", "https://goproxy.cn,direct", "https://goproxy.cn,direct", "file"),
    ("GOSUMDB", "sum.golang.google.cn", "sum.golang.google.cn", "file"),
    ("GOPRIVATE", "git.corp.example.com", None, "os"),
    ("GONOPROXY", "git.corp.example.com", None, "default"),
    ("GONOSUMDB", "git.corp.example.com", None, "default"),
    ("GOINSECURE", "", None, "default"),
    ("GOFLAGS", "-mod=mod", "-mod=mod", "file"),
    ("GO111MODULE", "", None, "default"),
    ("GOPATH", "/home/dev/go", None, "default"),
    ("GOMODCACHE", "/home/dev/go/pkg/mod", None, "default"),
    ("GOCACHE", "/home/dev/.cache/go-build", None, "default"),
    ("GOROOT", "/usr/local/go", None, "default"),
    ("GOENV", ENVFILE, None, "default"),
    ("GOTOOLCHAIN", "auto", None, "default"),
    ("GOVERSION", "go1.27.3", None, "default"),
    ("HTTP_PROXY", "", None, "default"),
    ("HTTPS_PROXY", "http://alice:s3cret@proxy.corp.example.com:3128", None, "os"),
    ("NO_PROXY", "localhost,.corp.example.com", None, "os"),
    ("SSL_CERT_FILE", "", None, "default"),
    ("SSL_CERT_DIR", "", None, "default"),
]
DEFAULTS = {"GOPROXY": "https://proxy.golang.org,direct", "GOSUMDB": "sum.golang.org", "GOFLAGS": ""}


def snapshot_environment() -> GoEnvironment:
    effective = {name: value for name, value, _file, _source in ROWS}
    risky = warnings_by_key(effective)
    variables = []
    for name, value, file_value, source in ROWS:
        spec = SPEC_BY_NAME[name]
        check = validate_setting(name, value) if value and spec.writable else None
        warnings = list(risky.get(name, ()))
        if check is not None:
            warnings += [w for w in check.warnings if w not in warnings]
        variables.append(
            EnvVar(
                name=name,
                effective=value,
                file=file_value,
                default=DEFAULTS.get(name, value) if source != "default" else value,
                source=source,  # type: ignore[arg-type]
                about=spec.about,
                writable=spec.writable,
                os_name=name if source == "os" else None,
                warnings=tuple(warnings),
            )
        )
    go = GoTool(Path("/usr/local/go/bin/go"), "go1.27.3", (1, 27, 3), "/usr/local/go")
    return GoEnvironment(go=go, envfile=Path(ENVFILE), vars=tuple(variables), environ={})
