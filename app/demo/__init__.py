"""Demo data: a deterministic population for `tailor serve --demo` and the benchmarks."""
