"""Async probes of the network path a module download takes; each returns a typed result."""
