"""Compatibility only: the category study moved to tests/category_study.py. Delete this file
once tests/test_categories_cli.py imports `build` from there."""

from tests.category_study import build as build
