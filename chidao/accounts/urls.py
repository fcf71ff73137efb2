from django.urls import include, path

from chidao.accounts import second_factor, views, views_language, views_password

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", second_factor.login_code, name="login-code"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("me/", views.my_account, name="my-account"),
    path("language/", views_language.set_language, name="set_language"),
    path("me/second-factor/", second_factor.setup, name="second-factor"),
    path("password/", views_password.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views_password.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        views_password.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views_password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views_password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("oidc/", include("mozilla_django_oidc.urls")),
]
