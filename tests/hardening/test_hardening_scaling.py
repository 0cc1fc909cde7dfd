"""Every parser and masker does linear work, up to 1 MB of hostile input (issue #15, "Quadratic time").

No wall-clock thresholds: the CPU time of one call on a 1 MiB input is compared with the CPU time
on a 16 KiB input of the same shape (64 times smaller). Linear work gives a ratio near 64, quadratic
work near 4096; the bound (64 × 8) leaves room for noise and caches. The shapes are drawn by
hypothesis from units that stress each parser (runs of scheme characters, '@', ':', '/', '%', upper
case, separators), so a backtracking regular expression has nowhere to hide.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from goproxy_tui.core.config import parse_value
from goproxy_tui.core.diagnosis.context import TargetError, split_module_arg
from goproxy_tui.core.goenv import parse_env_file, parse_go_env_json
from goproxy_tui.core.redact import holds_mask, mask_secrets, printable, restore_secrets
from goproxy_tui.core.rules.goproxy import parse_goproxy
from goproxy_tui.core.rules.module import check_path, escape_path
from goproxy_tui.core.rules.semver import canonical, is_valid
from goproxy_tui.core.rules.settings import validate_setting
from goproxy_tui.core.rules.sumdb import parse_gosumdb

SMALL, LARGE = 16 << 10, 1 << 20
BOUND = (LARGE // SMALL) * 8


def cpu(fn: Callable[[str], object], text: str, runs: int) -> float:
    """The least CPU time of a few runs (the least is the least disturbed by other processes)."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        try:
            fn(text)
        except (ValueError, TargetError):
            pass  # a refusal is a fine answer; its cost is what is measured
        best = min(best, time.process_time() - start)
    return best


def assert_linear(name: str, fn: Callable[[str], object], make: Callable[[int], str]) -> None:
    small, large = make(SMALL), make(LARGE)
    t_small = max(cpu(fn, small, 5), 1e-5)  # below that the timer says nothing: assume 10 µs
    t_large = cpu(fn, large, 2)
    assert t_large / t_small <= BOUND, (
        f"{name}: {t_large:.3f} s on {len(large)} chars vs {t_small:.5f} s on {len(small)}: "
        f"ratio {t_large / t_small:.0f} > {BOUND} (not linear)"
    )


UNITS = ["a", "A", "a@", "a:", "://", "a://b@", "@v/", "/", "%", "%2", ".", "-", "~", "é", "a,b|", " a", "#@",
         "!", "v1.", "0"]
units = st.lists(st.sampled_from(UNITS), min_size=1, max_size=4).map("".join)


def filler(unit: str, prefix: str = "", suffix: str = "") -> Callable[[int], str]:
    return lambda size: prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit)) + suffix


TEXT_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "mask_secrets": mask_secrets,
    "printable": printable,
    "holds_mask": holds_mask,
    "restore_secrets": lambda s: restore_secrets(s, s),
    "validate_setting GOPROXY": lambda s: validate_setting("GOPROXY", s),
    "validate_setting GOPRIVATE": lambda s: validate_setting("GOPRIVATE", s),
    "validate_setting GOSUMDB": lambda s: validate_setting("GOSUMDB", s),
    "validate_setting GOFLAGS": lambda s: validate_setting("GOFLAGS", s),
    "validate_setting HTTPS_PROXY": lambda s: validate_setting("HTTPS_PROXY", s),
    "parse_goproxy": parse_goproxy,
    "parse_gosumdb": parse_gosumdb,
    "check_path": check_path,
    "escape_path": lambda s: escape_path(s) if s.isascii() and "!" not in s else None,
    "semver": lambda s: (is_valid(s), canonical(s)),
    "gotui module PATH@VER": split_module_arg,
    "[probe] module": lambda s: parse_value("probe", "module", repr(s)),
    "env file": lambda s: parse_env_file(("GOPROXY=" + s + "\n").encode()),
    "go env -json": lambda s: parse_go_env_json('{"GOPROXY": "' + s.replace("\\", "/").replace('"', "'") + '"}'),
}


@pytest.mark.parametrize("name", sorted(TEXT_FUNCTIONS))
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(unit=units, wrap=st.sampled_from(["", "https://", "http://u:p@", "example.com/"]))
@example(unit="a", wrap="https://")  # the set GOPROXY=https://<50k chars>.com
@example(unit="a", wrap="example.com/")  # the 100k-character module path
def test_cost_is_linear_up_to_a_megabyte(name: str, unit: str, wrap: str) -> None:
    assert_linear(f"{name} on {wrap}{unit!r}…", TEXT_FUNCTIONS[name], filler(unit, wrap, ".com"))
