#!/usr/bin/env bash
# Acceptance (issue 6, languages): the real `gotui` in a real terminal (tmux) with LANG=zh_CN.UTF-8
# shows Chinese labels and a populated mirror table.
#
#   scripts/tmux_zh_cn.sh            # uses /tmp/venv/bin/python unless PYTHON is set
#
# 1. scripts/loopback_mirrors.py starts loopback Go module proxies (alpha, beta: healthy; down: blackholed,
#    SYNs dropped) and writes a gotui config listing only them (no [ui] lang: the language must come
#    from LANG).
# 2. `gotui` runs in tmux with an isolated Go environment and LANG=zh_CN.UTF-8 (nothing else from the
#    developer's shell leaks in).
# 3. The script waits until every row has a result, captures the pane and checks: Chinese pane titles,
#    column headers, footer keys and status words; every mirror has a row with a result (healthy rows
#    with a latency); the fault class of the blackholed mirror stays the identifier `connect-timeout`.
# Exit status 0 = every check passed. Nothing leaves 127.0.0.1.
set -euo pipefail

NAME=gotui-zh
# shellcheck source=scripts/tmux_lib.sh
source "$(dirname "$0")/tmux_lib.sh"
ENVVARS+=("LANG=zh_CN.UTF-8")

start_mirrors alpha=slow beta=healthy down=blackhole

# -- the real gotui in tmux -----------------------------------------------------------------------------
start_gotui "${COLS:-140}" "${ROWS:-40}"

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
