"""Pages of the partners app, one module per entity."""
