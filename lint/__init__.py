"""Project-specific lint checks (import-linter contract types). Not shipped at run time."""
