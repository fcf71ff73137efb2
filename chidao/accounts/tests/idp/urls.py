from django.contrib.auth.views import LoginView
from django.urls import include, path


def userinfo(claims, user):
    claims["email"] = user.email
    claims["name"] = user.get_full_name()
    claims["preferred_username"] = user.username
    return claims


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
