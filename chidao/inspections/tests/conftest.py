import pytest


@pytest.fixture
def store(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    return settings.CHIDAO_UPLOAD_DIR
