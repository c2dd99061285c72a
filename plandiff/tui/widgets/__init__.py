"""The TUI's widgets and screens; each draws model objects and holds no comparison logic."""
