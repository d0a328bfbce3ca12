"""Test-only helpers (pytest plugins)."""
