"""Security headers sent with every page."""

from __future__ import annotations

ONE_YEAR = 365 * 24 * 3600


def content_security_policy(style_inline: bool = False) -> str:
    """Return the Content Security Policy: this site only, no inline script ever.

    ``style_inline`` allows inline styles, which plotly's charts need; only
    facilitator results pages ask for it.
    """
    style = "'self' 'unsafe-inline'" if style_inline else "'self'"
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {style}",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        )
    )


def security_headers(https: bool, style_inline: bool = False) -> dict[str, str]:
    """Return the headers every response carries."""
    headers = {
        "Content-Security-Policy": content_security_policy(style_inline),
        "X-Content-Type-Options": "nosniff",
        # Answer links carry their token in the address: never pass it on.
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if https:
        headers["Strict-Transport-Security"] = f"max-age={ONE_YEAR}; includeSubDomains"
    return headers
