"""The REST API root: /api/v1, OpenAPI document at /api/v1/openapi.json, docs at /api/v1/docs.

The register reads under `READ_AUTH` (public register, a personal API token, or a logged-in
session); the task API (/api/v1/tasks, /extension-requests, /attachments) under `TASK_AUTH`
(a token or a session, never public). Every error answers
`{"detail": "<message in Vietnamese>"}`. The committed docs/openapi.json is
regenerated with `chidao export-openapi`.
"""

import copy
from functools import partial

from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import Http404
from django.utils import translation
from django.utils.functional import cached_property
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from chidao.committees.api import router as committees_router
from chidao.core.api_auth import (
    READ_AUTH,
    JsonParser,
    authentication_error,
    body_too_large,
    document_common_answers,
    http_error,
    not_found,
    out_of_range,
    validation_error,
)
from chidao.core.api_render import UnicodeJSONRenderer
from chidao.core.errors import ActionRefused, refusal_body
from chidao.documents.api import router as documents_router
from chidao.evaluation.api import router as evaluation_router
from chidao.explanations.api import router as explanations_router
from chidao.indicators.api import committee_router as committee_indicators_router
from chidao.indicators.api import router as indicators_router
from chidao.ingest.api import router as ingest_router
from chidao.inspections.api import committee_router as committee_inspections_router
from chidao.inspections.api import router as inspections_router
from chidao.inspections.api_plan import router as inspection_plan_router
from chidao.inspections.api_units import router as inspection_units_router
from chidao.meetings.api import committee_router as committee_meetings_router
from chidao.meetings.api import router as meetings_router
from chidao.notifications.api import router as notifications_router
from chidao.obstacles.api import router as obstacles_router
from chidao.reports.api import router as reports_router
from chidao.reports.api_consolidated import router as consolidated_router
from chidao.reviews.api import router as reviews_router
from chidao.tasks.api import attachment_router, extension_router
from chidao.tasks.api import router as tasks_router
from chidao.units.api import router as units_router


class ChidaoAPI(NinjaAPI):
    """ninja's API, whose document also lists the answers every operation shares.

    The document is built once per path prefix and language and kept: building it walks
    every operation's schemas (about a second on this machine), and it cannot change while
    the process runs. Each caller gets its own copy, so nothing can alter the kept one."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        kept = self._kept_documents.get(key)
        if kept is None:
            schema = super().get_openapi_schema(path_prefix=path_prefix)
            kept = self._kept_documents[key] = document_common_answers(schema)
        return copy.deepcopy(kept)

    @cached_property
    def _kept_documents(self) -> dict:
        return {}


api = ChidaoAPI(
    title="chidao API",
    version="1",
    description=(
        "Sổ đăng ký Ban Chỉ đạo cải cách hành chính và chuyển đổi số, và nhiệm vụ của các Ban. "
        "Khi sổ đăng ký công khai (CHIDAO_PUBLIC_REGISTER), ai cũng đọc được sổ đăng ký; nếu "
        "không, cần khóa API hoặc đăng nhập (phiên Django). API nhiệm vụ luôn cần khóa API cá "
        "nhân (tiêu đề Authorization: Bearer <khóa>, tạo bằng `chidao token create USERNAME`) "
        'hoặc đăng nhập; thiếu cả hai: 401. Lỗi luôn có dạng {"detail": "..."}.'
    ),
    urls_namespace="api",
    auth=READ_AUTH,
    renderer=UnicodeJSONRenderer(),
    parser=JsonParser(),
)
api.add_exception_handler(AuthenticationError, partial(authentication_error, api))
api.add_exception_handler(ValidationError, partial(validation_error, api))
api.add_exception_handler(Http404, partial(not_found, api))
api.add_exception_handler(HttpError, partial(http_error, api))
api.add_exception_handler(RequestDataTooBig, partial(body_too_large, api))
# SQLite raises OverflowError for integers beyond 64 bits, PostgreSQL a DataError.
api.add_exception_handler(OverflowError, partial(out_of_range, api))
api.add_exception_handler(DataError, partial(out_of_range, api))
# A service's refusal (403 not allowed, 409 conflict, 422 bad value) becomes its answer here,
# once, instead of a try/except in every endpoint.
api.add_exception_handler(
    ActionRefused,
    lambda request, exc: api.create_response(request, refusal_body(exc), status=exc.status),
)

api.add_router("/committees", committees_router)
api.add_router("/committees", committee_meetings_router)
api.add_router("/meetings", meetings_router)
api.add_router("/units", units_router)
api.add_router("/decisions", documents_router)
api.add_router("/tasks", tasks_router)
api.add_router("/extension-requests", extension_router)
api.add_router("/attachments", attachment_router)
api.add_router("/explanation-requests", explanations_router)
api.add_router("/reports", reports_router)
api.add_router("/reports", consolidated_router)
api.add_router("/evaluation", evaluation_router)
api.add_router("/ingest", ingest_router)
api.add_router("/notifications", notifications_router)
api.add_router("/obstacles", obstacles_router)
api.add_router("/programs", reviews_router)
api.add_router("/committees", committee_indicators_router)
api.add_router("/indicators", indicators_router)
api.add_router("/committees", committee_inspections_router)
api.add_router("/inspections", inspections_router)
api.add_router("/inspections", inspection_plan_router)
api.add_router("/inspections", inspection_units_router)
