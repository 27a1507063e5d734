"""Analysis over the coded project: the excerpt matrix, search, the derived codebook."""
