"""Helpers of the authorisation matrix (tryggve/tests/test_authorisation_matrix.py)."""
