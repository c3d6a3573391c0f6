"""One page per calculator. Each page has object name ``page_<key>``."""
