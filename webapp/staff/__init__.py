"""The staff area under /staff/: organisations, users and roles, service areas, legal texts."""
