"""API of the incoming registries."""

ROUTES: list = []
