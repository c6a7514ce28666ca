"""Public pages: landing, an organisation's front page, legal pages, health check."""
