"""Use cases on top of storage: what the web pages, the CLI and the API ask for."""
