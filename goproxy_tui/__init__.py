"""goproxy-tui: get Go module downloads working (env pane, live mirror table, diagnosis wizard)."""

__version__ = "0.1.0"
