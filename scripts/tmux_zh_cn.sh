#!/usr/bin/env bash
# Acceptance (issue 6, languages): the real `gotui` in a real terminal (tmux) with LANG=zh_CN.UTF-8
# shows Chinese labels and a populated mirror table.
#
#   scripts/tmux_zh_cn.sh            # uses /tmp/venv/bin/python unless PYTHON is set
#
# 1. A small Python helper starts loopback Go module proxies (alpha, beta: healthy; down: blackholed,
#    SYNs dropped) and writes a gotui config listing only them (no [ui] lang: the language must come
#    from LANG).
# 2. `gotui` runs in tmux with an isolated Go environment and LANG=zh_CN.UTF-8 (nothing else from the
#    developer's shell leaks in).
# 3. The script waits until every row has a result, captures the pane and checks: Chinese pane titles,
#    column headers, footer keys and status words; every mirror has a row with a result (healthy rows
#    with a latency); the fault class of the blackholed mirror stays the identifier `connect-timeout`.
# Exit status 0 = every check passed. Nothing leaves 127.0.0.1.
set -euo pipefail

PYTHON=${PYTHON:-/tmp/venv/bin/python}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gotui-zh.XXXXXX")
SESSION="gotui-zh-$$"
GOBIN_DIR=$("$PYTHON" -c 'import go, os; print(os.path.join(os.path.dirname(go.__file__), "bin"))')
GOTUI=$(dirname "$PYTHON")/gotui
HELPER_PID=""

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    if [ -n "$HELPER_PID" ]; then kill "$HELPER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

screen() { tmux capture-pane -p -t "$SESSION"; }
fail() { echo "FAIL: $*" >&2; echo "--- screen ---" >&2; screen >&2 || true; exit 1; }

# -- isolated Go environment, Chinese locale ----------------------------------------------------------
mkdir -p "$WORK/home" "$WORK/config/go" "$WORK/gopath" "$WORK/gocache"
ENVVARS=(
    "HOME=$WORK/home" "XDG_CONFIG_HOME=$WORK/config" "XDG_CACHE_HOME=$WORK/cache"
    "GOENV=$WORK/config/go/env" "GOPATH=$WORK/gopath" "GOMODCACHE=$WORK/gopath/pkg/mod"
    "GOCACHE=$WORK/gocache" "GOTOOLCHAIN=local" "GOTUI_CONFIG=$WORK/config.toml"
    "GOTUI_JOURNAL=$WORK/journal.toml" "PATH=$GOBIN_DIR:/usr/bin:/bin" "TERM=xterm-256color"
    "LANG=zh_CN.UTF-8"
)

# -- loopback mirrors (the helper writes the config, then serves until killed) --------------------------
cd "$REPO"
"$PYTHON" - "$WORK" <<'EOF' &
import sys, time
from pathlib import Path
sys.path.insert(0, "tests")
from loopnet.blackhole import Blackhole
from loopnet.goproxy_server import FaultMode, GoproxyServer

work = Path(sys.argv[1])
alpha = GoproxyServer().start()
beta = GoproxyServer().start()
alpha.set_fault(FaultMode.DELAY, delay=0.05)
hole = Blackhole()
mirrors = {"alpha": alpha.url, "beta": beta.url, "down": hole.url()}
lines = ["[catalog]", "include_builtin = false", "", "[probe]", "timeout = 1.0", "interval = 2.0", ""]
for name, url in mirrors.items():
    lines += ["[[mirrors]]", f'name = "{name}"', f'url = "{url}"', ""]
(work / "config.toml").write_text("\n".join(lines))
(work / "urls").write_text("".join(f"{n} {u}\n" for n, u in mirrors.items()))
while True:
    time.sleep(3600)
EOF
HELPER_PID=$!

for _ in $(seq 100); do [ -s "$WORK/urls" ] && break; sleep 0.1; done
[ -s "$WORK/urls" ] || fail "loopback mirrors did not start"
echo "loopback mirrors:"; sed 's/^/  /' "$WORK/urls"

# -- the real gotui in tmux -----------------------------------------------------------------------------
tmux new-session -d -s "$SESSION" -x "${COLS:-140}" -y "${ROWS:-40}" "env -i ${ENVVARS[*]} $GOTUI"

wait_for() {  # wait_for SECONDS PATTERN: the pane shows PATTERN
    local deadline=$((SECONDS + $1))
    while [ $SECONDS -lt $deadline ]; do
        screen | grep -q -- "$2" && return 0
        sleep 0.2
    done
    return 1
}

wait_for 20 "connect-timeout" || fail "the blackholed mirror never showed connect-timeout"
wait_for 20 "✔ 正常" || fail "no healthy mirror showed the Chinese status 正常"
wait_for 20 "GOPROXY=https://proxy.golang.org,direct" || fail "the mirror pane never read go env"
for _ in $(seq 50); do  # both healthy rows have a latency (the table is full)
    [ "$(screen | grep -cE '(alpha|beta) .*✔ 正常 .*[0-9] ms')" -ge 2 ] && break
    sleep 0.2
done

SCREEN=$(screen)
echo "--- screen (LANG=zh_CN.UTF-8) ---"
echo "$SCREEN"
echo "---"

check() {  # check LABEL PATTERN: the captured screen contains PATTERN
    if grep -qE -- "$2" <<<"$SCREEN"; then echo "ok: $1"; else fail "$1 (no match for: $2)"; fi
}
check "pane title 镜像 (Mirrors)"            "─ ?镜像 ?─"
check "pane title 环境 (Environment)"        "─ ?环境 ?─"
check "mirror column headers"               "镜像 +状态 +中位数 +历史"
check "environment column headers"          "变量 +来源"
check "footer keys in Chinese"              "诊断.*使用镜像.*测速"
check "sort hint in the border"             "按延迟排序"
check "env source label"                    "默认值"
check "row alpha has a result"              "alpha +✔ 正常 +[0-9.]+ ms"
check "row beta has a result"               "beta +✔ 正常 +[0-9.]+ ms"
check "row down: fault class kept"          "down +✖ connect-timeout"
if grep -qE "─ Mirrors|─ Environment|Variable +Source|d Diagnose|Status +Median" <<<"$SCREEN"; then
    fail "English labels left on the Chinese screen"
fi
echo "ok: no English pane titles, headers or footer keys"

tmux send-keys -t "$SESSION" q
echo "PASS: gotui with LANG=zh_CN.UTF-8 shows Chinese labels and a populated mirror table"
