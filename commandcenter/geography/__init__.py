"""Geography of the managed area: districts, streets, communities and unit grids (pure Python)."""
