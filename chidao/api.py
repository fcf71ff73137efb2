"""The REST API root: /api/v1, OpenAPI document at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="chidao API",
    version="1",
    description="Sổ đăng ký Ban Chỉ đạo cải cách hành chính và chuyển đổi số.",
    urls_namespace="api",
)
