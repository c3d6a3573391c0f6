"""Tools that build data (make snapshot); never shipped in the wheel."""
