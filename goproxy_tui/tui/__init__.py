"""The Textual UI. Only this package imports textual; it talks to the core through workers."""

GC_THRESHOLDS = (5000, 20, 100)
"""Python's are (700, 10, 10): with probes churning objects in their thread, a full collection (30-60 ms,
the GIL held: the UI stalls) came every ~2 s; with these, every few minutes, young ones stay ~2 ms. Set
before Textual is imported (``gotui``'s entry point), they also spare the start-up a full collection."""
