"""What the task API tests share: the committee's name, a PDF, query budgets, bearer headers."""

import datetime as dt

from django.utils import timezone

from chidao.accounts.tokens import token_create
from chidao.core.policy import SystemActor

COMMITTEE = "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# token + its last-used mark (at most once a minute), count, the page with its coordinations
LIST_MAX_QUERIES = 4
# token + mark, task, coordinations, attachments, events, reports, extension requests
DETAIL_MAX_QUERIES = 8


def bearer(user) -> dict:
    return {"authorization": f"Bearer {token_create(actor=SystemActor('test'), user=user)}"}


def create_body(committee, domain, lead, **extra):
    return {
        "committee": committee.pk,
        "title": "Triển khai dịch vụ công trực tuyến toàn trình",
        "domain": domain.code,
        "lead_unit": lead.pk,
        "coordinating_units": [],
        "deadline": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "content": "Theo Kế hoạch",
        "expected_output": "Báo cáo kết quả",
        "priority": "urgent",
        "source_clause": "Mục II.1",
        **extra,
    }
