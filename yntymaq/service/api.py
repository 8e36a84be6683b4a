"""API of the service registries."""

ROUTES: list = []
