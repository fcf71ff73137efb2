from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "chidao.reviews"
    verbose_name = _("Sơ kết, tổng kết")
    label = "reviews"

    def ready(self):
        from chidao.reviews import contributions

        contributions.register()
