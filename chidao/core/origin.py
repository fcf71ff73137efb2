"""Whether a request was started from another site.

A GET carries the session cookie when another site links to us (SameSite=Lax lets top-level
navigations through), and Django's CSRF check passes every GET. A GET that writes something
(the consolidated report's file, built on first request and recorded when handed out) asks
`cross_site` first and writes nothing for another site's link.

Browsers say where a request comes from in `Sec-Fetch-Site` ("same-origin", "same-site",
"cross-site", or "none" for a typed address or a bookmark); older ones only in `Origin` or
`Referer`. A request with none of these (a script with a token, curl) is not cross-site.
Only our own origin counts as ours: "same-site" (a sibling sub-domain) does not.
"""

from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost

OWN_FETCH_SITES = {"same-origin", "none"}


def cross_site(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site.strip().lower() not in OWN_FETCH_SITES
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        return False
    if origin == "null":  # an opaque origin: a sandboxed frame, a redirect from elsewhere
        return True
    parts = urlsplit(origin)
    try:
        host = request.get_host()
    except DisallowedHost:
        return True
    return parts.netloc.lower() != host.lower() or parts.scheme != request.scheme
