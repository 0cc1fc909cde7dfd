#!/usr/bin/env bash
# Acceptance (issue 4): the real `gotui` in a real terminal (tmux) switches GOPROXY with one key.
#
#   scripts/tmux_use_mirror.sh            # uses /tmp/venv/bin/python unless PYTHON is set
#
# 1. scripts/loopback_mirrors.py starts loopback Go module proxies (alpha, beta: healthy; gamma: does not
#    proxy sum.golang.org; down: blackholed, SYNs dropped) and writes a gotui config listing only them.
# 2. `gotui` runs in tmux with an isolated Go environment (GOENV, GOPATH, caches, HOME in a temp dir).
# 3. The script waits for the table, focuses it (tab), sorts by name (s), moves down to `beta` and
#    presses `u` once; then it checks that the env file's GOPROXY starts with beta's URL and that
#    `go env GOPROXY` agrees; then ctrl+z must restore the env file (here: remove it again).
# Exit status 0 = every check passed. Nothing leaves 127.0.0.1.
set -euo pipefail

NAME=gotui-accept
# shellcheck source=scripts/tmux_lib.sh
source "$(dirname "$0")/tmux_lib.sh"

start_mirrors alpha=slow beta=healthy gamma=nosumdb down=blackhole  # alpha slower: beta is the fastest
BETA_URL=$(awk '$1 == "beta" {print $2}' "$WORK/urls")

# -- the real gotui in tmux -------------------------------------------------------------------------
start_gotui "${COLS:-120}" "${ROWS:-36}"

wait_for 20 "connect-timeout" || fail "the blackholed mirror never showed connect-timeout"
wait_for 20 "✔ ok" || fail "no healthy mirror appeared in the table"
wait_for 20 "GOPROXY=https://proxy.golang.org,direct" || fail "the env pane never read go env"

tmux send-keys -t "$SESSION" Tab      # focus the mirror table
tmux send-keys -t "$SESSION" s        # sort by name: alpha, beta, down, gamma
sleep 0.5
tmux send-keys -t "$SESSION" Down     # the cursor moves from alpha to beta
sleep 0.5
tmux send-keys -t "$SESSION" u        # one keypress

ENVFILE="$WORK/config/go/env"
for _ in $(seq 100); do [ -s "$ENVFILE" ] && break; sleep 0.1; done
[ -s "$ENVFILE" ] || fail "u did not write $ENVFILE"
wait_for 10 "Now using beta" || fail "no toast confirming the switch"
echo "--- screen after u ---"
tmux capture-pane -p -t "$SESSION"

FILE_GOPROXY=$(sed -n 's/^GOPROXY=//p' "$ENVFILE")
GO_GOPROXY=$(run_isolated go env GOPROXY)
echo "env file:       GOPROXY=$FILE_GOPROXY"
echo "go env GOPROXY: $GO_GOPROXY"
case "$FILE_GOPROXY" in "$BETA_URL"*) ;; *) fail "env file GOPROXY does not start with beta ($BETA_URL)";; esac
[ "$GO_GOPROXY" = "$FILE_GOPROXY" ] || fail "go env GOPROXY disagrees with the env file"
case "$GO_GOPROXY" in *"|direct") ;; *) fail "the chain does not end in |direct";; esac

tmux send-keys -t "$SESSION" C-z      # undo
for _ in $(seq 100); do [ ! -e "$ENVFILE" ] || [ ! -s "$ENVFILE" ] && break; sleep 0.1; done
AFTER=$(run_isolated go env GOPROXY)
echo "after ctrl+z:   go env GOPROXY: $AFTER"
[ "$AFTER" = "https://proxy.golang.org,direct" ] || fail "ctrl+z did not restore the default GOPROXY"

tmux send-keys -t "$SESSION" q
echo "PASS: u wrote GOPROXY=$GO_GOPROXY (starts with beta), go env agrees, ctrl+z restored the default"
