"""Services: join the pure core to storage and to the web (keyword-only, session first)."""
