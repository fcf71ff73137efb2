from django.urls import path

from chidao.indicators import public

urlpatterns = [
    path("committees/<int:committee_id>/", public.public_page, name="public-committee"),
    path("committees/<int:committee_id>/data.json", public.public_json, name="public-json"),
    path("committees/<int:committee_id>/data.csv", public.public_csv, name="public-csv"),
]
