"""Organisations (family-centre networks, the tenants) and their service areas."""
