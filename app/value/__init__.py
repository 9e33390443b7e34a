"""Customer value, the pure core: lifetime value models (BG/NBD, Gamma-Gamma) and value tiers."""
