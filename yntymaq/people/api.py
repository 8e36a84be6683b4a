"""API of the people registries."""

ROUTES: list = []
