"""Codebooks and codes: the theme files a study starts from, the code tree in a project."""
