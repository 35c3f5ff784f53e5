"""Resume parsing and profile building (queue ``profile``)."""
