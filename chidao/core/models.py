"""Tables shared by every part: the background workers' heartbeats."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running `chidao run-worker` process, as last heard of.

    The worker writes its row every quarter of the lease (CHIDAO_WORKER_LEASE seconds); a
    worker not heard of for a whole lease is dead, and the jobs and documents it had claimed
    are taken up again (chidao.core.worker.recover_abandoned_jobs).
    """

    worker_id = models.CharField(_("mã worker"), max_length=64, unique=True)
    host = models.CharField(_("máy"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("tiến trình"))
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    seen_at = models.DateTimeField(_("báo sống lúc"))

    class Meta:
        verbose_name = _("worker nền")
        verbose_name_plural = _("worker nền")
        indexes = [
            # alive_worker_ids(): the workers seen within the lease
            models.Index(fields=["seen_at"], name="worker_seen_at"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
