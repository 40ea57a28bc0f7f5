"""Small fakes that implement the real Protocols (no MagicMock)."""
