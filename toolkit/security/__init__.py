"""Plain-Python safety parts: password hashing, rate limits and response headers."""
