"""The demo: a realistic workspace built end to end from the seeded workload."""
