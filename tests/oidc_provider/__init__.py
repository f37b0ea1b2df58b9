"""A real OpenID Connect provider for the tests of signing in through the unified identity platform (办法 第二十条):
django-oidc-provider in a Django project of its own, run in a separate process on 127.0.0.1 by ``serve.py`` (see the
``oidc_op`` fixture in ``yuezhifa/org/tests/oidc.py``). It stands in for the province's platform: its people carry
the real-name ID number in the ``id_card`` claim, released with the scope ``id_card``."""
