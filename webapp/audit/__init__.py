"""Audit events: who did what to which record, for staff actions on personal data."""
