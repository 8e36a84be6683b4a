"""API of the partners registries."""

ROUTES: list = []
