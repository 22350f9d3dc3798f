"""Performance tooling: the synthetic corpus, the in-process benchmark and a small load generator.

See docs/performance.md for what is measured and the figures.
"""
