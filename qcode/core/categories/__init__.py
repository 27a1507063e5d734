"""Level-2 categories: derived from coded segments, reshaped, suggested, traced."""
