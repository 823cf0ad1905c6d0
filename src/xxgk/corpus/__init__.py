"""The corpus: a database of regions, agencies and every version of their annual reports, with the findings of
the checks and the review state a person gives them.

A Django app. Its entry points are ``services`` (ingest, match, review, merge and split) and ``queries`` (the
questions the CLI answers); call ``xxgk.site.setup()`` before importing either.
"""
