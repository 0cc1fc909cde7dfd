# Shared by the tmux acceptance scripts: source it after setting NAME (the temp dir and tmux session prefix).
#
# Gives: PYTHON, REPO, WORK, SESSION, GOTUI; ENVVARS (an isolated Go environment in $WORK: nothing from
# the developer's shell leaks in; append to it before start_gotui); run_isolated CMD…; screen; fail MSG;
# start_mirrors NAME=KIND… (loopback Go proxies via scripts/loopback_mirrors.py, config in $WORK);
# start_gotui COLS ROWS; wait_for SECONDS PATTERN. The tmux session and the mirrors end on exit.
# shellcheck shell=bash

PYTHON=${PYTHON:-/tmp/venv/bin/python}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/$NAME.XXXXXX")
SESSION="$NAME-$$"
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

mkdir -p "$WORK/home" "$WORK/config/go" "$WORK/gopath" "$WORK/gocache"
ENVVARS=(
    "HOME=$WORK/home" "XDG_CONFIG_HOME=$WORK/config" "XDG_CACHE_HOME=$WORK/cache"
    "GOENV=$WORK/config/go/env" "GOPATH=$WORK/gopath" "GOMODCACHE=$WORK/gopath/pkg/mod"
    "GOCACHE=$WORK/gocache" "GOTOOLCHAIN=local" "GOTUI_CONFIG=$WORK/config.toml"
    "GOTUI_JOURNAL=$WORK/journal.toml" "PATH=$GOBIN_DIR:/usr/bin:/bin" "TERM=xterm-256color"
)
run_isolated() { env -i "${ENVVARS[@]}" "$@"; }

start_mirrors() {  # start_mirrors NAME=KIND…: serves until the script exits; $WORK/urls lists "name url"
    (cd "$REPO" && exec "$PYTHON" scripts/loopback_mirrors.py "$WORK" "$@") &
    HELPER_PID=$!
    for _ in $(seq 100); do [ -s "$WORK/urls" ] && break; sleep 0.1; done
    [ -s "$WORK/urls" ] || fail "loopback mirrors did not start"
    echo "loopback mirrors:"; sed 's/^/  /' "$WORK/urls"
}

start_gotui() {  # start_gotui COLS ROWS
    tmux new-session -d -s "$SESSION" -x "$1" -y "$2" "env -i ${ENVVARS[*]} $GOTUI"
}

wait_for() {  # wait_for SECONDS PATTERN: the pane shows PATTERN
    local deadline=$((SECONDS + $1))
    while [ $SECONDS -lt $deadline ]; do
        screen | grep -q -- "$2" && return 0
        sleep 0.2
    done
    return 1
}
