"""Headless core. Never imports textual or rich: the CLI and the TUI both sit on top of it."""
