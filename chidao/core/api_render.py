"""How the API writes JSON, in one place: ninja's renderer for every answer, and `rendered`
for the few hot endpoints that build their answer from checked rows themselves.

`rendered` puts already-shaped data (plain dicts in the declared schema's field order) into
ninja's temporal response, so the headers the view set are kept, without validating it
again through the response schema: for a list of 25 tasks that validation cost more than
the database. Tests compare its bytes with the validated answer's.
"""

import json

from django.http import HttpResponse
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

JSON_DUMPS_PARAMS = {"ensure_ascii": False}


class UnicodeJSONRenderer(JSONRenderer):
    """Vietnamese stays readable in answers ("Hà Nội", not "H\\u00e0 N\\u1ed9i")."""

    json_dumps_params = JSON_DUMPS_PARAMS


def rendered(response: HttpResponse, data, *, status: int = 200) -> HttpResponse:
    """`response` (ninja's temporal response, given to the view) holding `data` as JSON,
    written exactly as UnicodeJSONRenderer writes it."""
    response.status_code = status
    response.content = json.dumps(data, cls=NinjaJSONEncoder, **JSON_DUMPS_PARAMS)
    return response
