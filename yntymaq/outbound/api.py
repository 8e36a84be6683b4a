"""API of the outbound registries."""

ROUTES: list = []
