"""Run the test identity provider: `python -m chidao.accounts.tests.idp.serve PORT` with the
client and user described by IDP_* environment variables; prints READY when it listens."""

import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main(port: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "chidao.accounts.tests.idp.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey", verbosity=0)
    user = User.objects.create_user(
        os.environ["IDP_USERNAME"],
        email=os.environ["IDP_EMAIL"],
        password=os.environ["IDP_PASSWORD"],
        first_name=os.environ.get("IDP_NAME", ""),
    )
    client = Client.objects.create(
        name="chidao",
        client_type="confidential",
        client_id=os.environ["IDP_CLIENT_ID"],
        client_secret=os.environ["IDP_CLIENT_SECRET"],
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=True,
        _redirect_uris=os.environ["IDP_REDIRECT_URI"],
        _scope="openid email profile",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    server = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=QuietHandler)
    print("READY", user.pk, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
