"""API of the planning registries."""

ROUTES: list = []
