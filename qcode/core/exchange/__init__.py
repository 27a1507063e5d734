"""Bringing another analyst's work into a project: `qcode merge` (another copy of a
qcode project) and REFI-QDA (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder).

Every source is first read into a `Bundle` (bundle.py), one neutral shape; `merge.py`
holds the one set of rules that brings a bundle into a project. So a project merged from
a laptop and a project exchanged through REFI-QDA meet the same matching, deduplication
and conflict rules, and a fix to a rule fixes both.
"""
