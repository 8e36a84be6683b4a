"""Pages of the incoming app, one module per area. Thin: parse, call a service or a query."""
