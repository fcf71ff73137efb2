"""Refused user actions, shared by every app's services and turned into answers in one place."""


class ActionRefused(ValueError):
    """A refused action; the message is for the user. `status` is the HTTP status to answer
    (403 not allowed, 409 conflicts with the current state, 422 bad value) and `field` names
    the input at fault, when there is one."""

    def __init__(self, message: str, status: int = 422, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.field = field


def refusal_body(exc: ActionRefused) -> dict:
    """The API body of a refusal: {"detail"}, plus pydantic-style "errors" on a 422."""
    body = {"detail": str(exc)}
    if exc.status == 422:
        loc = ["body", exc.field] if exc.field else ["body"]
        body["errors"] = [{"loc": loc, "msg": str(exc), "type": "value_error"}]
    return body
