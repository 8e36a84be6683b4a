"""Server-time benchmarks of pages and API calls on a generated database (`make bench`)."""
