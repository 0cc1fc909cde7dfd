#!/usr/bin/env bash
# Acceptance (issue 4): the real `gotui` in a real terminal (tmux) switches GOPROXY with one key.
#
#   scripts/tmux_use_mirror.sh            # uses /tmp/venv/bin/python unless PYTHON is set
#
# 1. A small Python helper starts loopback Go module proxies (alpha, beta: healthy; gamma: does not
#    proxy sum.golang.org; down: blackholed, SYNs dropped) and writes a gotui config listing only them.
# 2. `gotui` runs in tmux with an isolated Go environment (GOENV, GOPATH, caches, HOME in a temp dir).
# 3. The script waits for the table, focuses it (tab), sorts by name (s), moves down to `beta` and
#    presses `u` once; then it checks that the env file's GOPROXY starts with beta's URL and that
#    `go env GOPROXY` agrees; then ctrl+z must restore the env file (here: remove it again).
# Exit status 0 = every check passed. Nothing leaves 127.0.0.1.
set -euo pipefail

PYTHON=${PYTHON:-/tmp/venv/bin/python}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gotui-accept.XXXXXX")
SESSION="gotui-accept-$$"
GOBIN_DIR=$("$PYTHON" -c 'import go, os; print(os.path.join(os.path.dirname(go.__file__), "bin"))')
GOTUI=$(dirname "$PYTHON")/gotui
HELPER_PID=""

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    if [ -n "$HELPER_PID" ]; then kill "$HELPER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; echo "--- screen ---" >&2; tmux capture-pane -p -t "$SESSION" >&2 || true; exit 1; }

# -- isolated Go environment (nothing from the developer's shell leaks in) -------------------------
mkdir -p "$WORK/home" "$WORK/config/go" "$WORK/gopath" "$WORK/gocache"
ENVVARS=(
    "HOME=$WORK/home" "XDG_CONFIG_HOME=$WORK/config" "XDG_CACHE_HOME=$WORK/cache"
    "GOENV=$WORK/config/go/env" "GOPATH=$WORK/gopath" "GOMODCACHE=$WORK/gopath/pkg/mod"
    "GOCACHE=$WORK/gocache" "GOTOOLCHAIN=local" "GOTUI_CONFIG=$WORK/config.toml"
    "GOTUI_JOURNAL=$WORK/journal.toml" "PATH=$GOBIN_DIR:/usr/bin:/bin" "TERM=xterm-256color"
)
run_isolated() { env -i "${ENVVARS[@]}" "$@"; }

# -- loopback mirrors (a small Python helper; it writes the config, then serves until killed) -------
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
gamma = GoproxyServer(sumdb_supported=False).start()
alpha.set_fault(FaultMode.DELAY, delay=0.05)  # slower than beta, so beta is the fastest
hole = Blackhole()
mirrors = {"alpha": alpha.url, "beta": beta.url, "gamma": gamma.url, "down": hole.url()}
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
BETA_URL=$(awk '$1 == "beta" {print $2}' "$WORK/urls")
echo "loopback mirrors:"; sed 's/^/  /' "$WORK/urls"

# -- the real gotui in tmux -------------------------------------------------------------------------
tmux new-session -d -s "$SESSION" -x "${COLS:-120}" -y "${ROWS:-36}" "env -i ${ENVVARS[*]} $GOTUI"

wait_for() {  # wait_for SECONDS PATTERN: the pane shows PATTERN
    local deadline=$((SECONDS + $1))
    while [ $SECONDS -lt $deadline ]; do
        tmux capture-pane -p -t "$SESSION" | grep -q -- "$2" && return 0
        sleep 0.2
    done
    return 1
}

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
