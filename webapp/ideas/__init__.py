"""Idea boards: families post and support ideas; coordinators moderate them first."""
