"""What an inspection service refuses, with the field it names."""

from chidao.core.errors import ActionRefused


class InspectionError(ActionRefused):
    """A refused inspections action (see chidao.core.errors.ActionRefused)."""
