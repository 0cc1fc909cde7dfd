"""Headless subcommands of ``gotui``: thin wrappers that print what the core returns."""
