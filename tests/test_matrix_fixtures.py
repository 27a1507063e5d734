"""Compatibility only: the coded study moved to tests/coded_study.py. Delete this file once
tests/test_matrix_cli.py imports `study_copy` from there."""

from tests.coded_study import open_study as open_study
from tests.coded_study import study_copy as study_copy
