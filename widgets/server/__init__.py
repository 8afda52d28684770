"""Serving the course with Voila, and the ``python -m widgets`` command line."""
