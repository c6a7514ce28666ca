"""The core group's development backlog: items, their sources, workshops, the public answer."""
