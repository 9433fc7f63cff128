"""Open data: per-round exports, the organisation archive, and what the JSON API serves.

A partnership's history must outlive any one server, so everything here is
written to be read by other software and other installs, with the same
anonymity rules as every page.
"""
