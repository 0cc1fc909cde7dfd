"""The Textual UI. Only this package imports textual; it talks to the core through workers."""
