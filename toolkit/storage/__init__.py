"""Storage: the database models, and the queries that read them into plain data."""
