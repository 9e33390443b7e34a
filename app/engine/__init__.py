"""The configuration engine (pure core): valid options, explanations, repairs, counts, completion."""
