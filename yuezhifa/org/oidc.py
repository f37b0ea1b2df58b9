"""Signing in through the province's unified identity platform by OpenID Connect (办法 第十三条第（三）项：执法主体及
人员库“对接全省统一身份认证平台，实现……实名管理”；第二十条：行政执法人员“通过省统一身份认证平台登录办案平台”;
docs/decisions/0053). Local password login stays.

mozilla-django-oidc runs the authorization-code flow (state, nonce, PKCE, the ID token's RS256 signature checked
against the provider's JWKS); this module configures it from the ``YZF_OIDC_*`` settings and the provider's discovery
document, and decides who the person is:

- the account is the one whose officer record (``Officer.id_number``, stored normalised) carries the real-name ID
  number released in the claim ``YZF_OIDC_ID_CLAIM`` (compared normalised: full-width to ASCII, upper-case X);
- a login never creates an account and never grants a role: with no matching account, or a disabled one, or one
  locked out for failed password attempts, the person is refused with a Chinese page and the refusal is audited
  (``auth.oidc.refuse``); a sign-in is audited as ``auth.oidc.login``;
- the session is an ordinary Django session: the session list (``UserSession``) and the idle timeout apply as to a
  local login. The forced password change does not (``AUTH_METHOD``): the person proved who they are without the
  local password.
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.db import transaction
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

logger = logging.getLogger(__name__)

#: The session key saying how the session signed in ("oidc" for the identity platform; absent for the local form).
AUTH_METHOD = "yzf_auth_method"
OIDC = "oidc"

#: The refusal the backend leaves on the request for the callback view to show.
REFUSAL = "yzf_oidc_refusal"

#: Seconds of tolerance for the provider's clock in the ID token's times (iat, exp).
CLOCK_SKEW = 60

BASIS = "《广东省一体化行政执法平台管理办法》第二十条"

MESSAGES = {
    "no_claim": "统一身份认证平台未提供您的居民身份证号码，无法确认对应的本平台账号。请联系本单位系统管理员，"
                f"确认统一身份认证平台已向本平台开放实名信息（{BASIS}）。",
    "bad_claim": "统一身份认证平台提供的居民身份证号码格式不正确，无法确认对应的本平台账号。请联系本单位系统管理员。",
    "no_account": "统一身份认证已通过，但本平台没有与您的居民身份证号码对应的执法人员账号。统一身份认证登录不会自动开设"
                  f"账号，也不会授予任何权限；请联系本单位系统管理员在“执法人员”中登记并为您开设账号（{BASIS}）。",
    "inactive": "您在本平台的账号已停用，不能登录（统一身份认证登录同样不能使用）。请联系本单位系统管理员。",
    "locked": "您的账号因密码登录失败次数过多已在本设备暂时锁定，统一身份认证登录同样暂不可用，请稍后再试。",
    "provider_error": "统一身份认证平台返回的登录结果无法验证，本次登录未成功。请返回登录页重新登录；"
                      "如多次出现，请联系本单位系统管理员。",
    "unavailable": "暂时无法连接统一身份认证平台，请稍后再试，或使用本平台账号和密码登录。",
    "cancelled": "您在统一身份认证平台取消了登录或授权，本次未登录。",
}


class ProviderUnavailable(Exception):
    """The discovery document could not be read."""


def enabled() -> bool:
    """Signing in through the identity platform is offered: a client is configured with somewhere to find the
    endpoints (an issuer or discovery document, or the endpoints themselves)."""
    return bool(settings.YZF_OIDC_CLIENT_ID and (settings.YZF_OIDC_ISSUER or settings.YZF_OIDC_DISCOVERY_URL
                                                 or settings.YZF_OIDC_AUTHORIZATION_ENDPOINT))


def _discovery_url() -> str:
    if settings.YZF_OIDC_DISCOVERY_URL:
        return settings.YZF_OIDC_DISCOVERY_URL
    if settings.YZF_OIDC_ISSUER:
        return settings.YZF_OIDC_ISSUER + "/.well-known/openid-configuration"
    return ""


def provider_config() -> dict:
    """The provider's endpoints: the discovery document (cached for an hour), each endpoint set in the settings
    winning over it."""
    explicit = {
        "issuer": settings.YZF_OIDC_ISSUER,
        "authorization_endpoint": settings.YZF_OIDC_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.YZF_OIDC_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.YZF_OIDC_USERINFO_ENDPOINT,
        "jwks_uri": settings.YZF_OIDC_JWKS_URI,
        "end_session_endpoint": settings.YZF_OIDC_END_SESSION_ENDPOINT,
    }
    url = _discovery_url()
    document: dict = {}
    if url and not all(explicit[k] for k in ("authorization_endpoint", "token_endpoint", "jwks_uri")):
        key = "yzf:oidc:discovery:" + url
        document = cache.get(key) or {}
        if not document:
            try:
                response = requests.get(url, timeout=settings.YZF_OIDC_TIMEOUT)
                response.raise_for_status()
                document = response.json()
            except (requests.RequestException, ValueError) as exc:
                logger.warning("OIDC discovery %s failed: %s", url, exc)
                raise ProviderUnavailable(str(exc)) from None
            if not isinstance(document, dict):
                raise ProviderUnavailable("discovery document is not an object")
            cache.set(key, document, 3600)
    config = {k: v or str(document.get(k) or "") for k, v in explicit.items()}
    config["issuer"] = str(document.get("issuer") or "").rstrip("/") or explicit["issuer"]
    return config


_FIXED = {"OIDC_CREATE_USER": False, "OIDC_ALLOW_UNSECURED_JWT": False, "OIDC_USE_NONCE": True, "OIDC_USE_PKCE": True, "OIDC_VERIFY_SSL": True,
          "OIDC_REDIRECT_FIELD_NAME": "next"}


def oidc_setting(attr, *default):
    """mozilla-django-oidc's settings, taken from ``YZF_OIDC_*`` and the discovery document."""
    if attr in _FIXED:
        return _FIXED[attr]
    simple = {
        "OIDC_RP_CLIENT_ID": settings.YZF_OIDC_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": settings.YZF_OIDC_CLIENT_SECRET,
        "OIDC_RP_SCOPES": settings.YZF_OIDC_SCOPES,
        "OIDC_RP_SIGN_ALGO": settings.YZF_OIDC_SIGN_ALGO,
        "OIDC_TIMEOUT": settings.YZF_OIDC_TIMEOUT,
    }
    if attr in simple:
        return simple[attr]
    endpoints = {"OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint", "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
                 "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint", "OIDC_OP_JWKS_ENDPOINT": "jwks_uri"}
    if attr in endpoints:
        return provider_config()[endpoints[attr]] or None
    if attr == "OIDC_STORE_ID_TOKEN":
        return provider_logout_enabled()
    return import_from_settings(attr, *default)


def provider_logout_enabled() -> bool:
    if not (enabled() and settings.YZF_OIDC_PROVIDER_LOGOUT):
        return False
    try:
        return bool(provider_config()["end_session_endpoint"])
    except ProviderUnavailable:
        return False


def normalise_id_number(raw) -> str:
    """The claim as an 18-character 居民身份证号码 (full-width to ASCII, upper-case X), or ``ValidationError``."""
    from yuezhifa.core.identifiers import validate_resident_id

    return validate_resident_id(str(raw or ""), field="统一身份认证平台提供的居民身份证号码")


def _refuse(request, code: str, *, claims: dict, number: str = "", user=None) -> None:
    """Leave the refusal for the callback page and audit it: who (the masked ID number, the account if one
    matched) and why; never the full number."""
    from yuezhifa.audit.services import audit_record
    from yuezhifa.core.masking import mask_id_number

    setattr(request, REFUSAL, code)
    masked = mask_id_number(number) if number else ""
    with transaction.atomic():
        audit_record(actor=None, action="auth.oidc.refuse", obj=user,
                     object_type="" if user else "org.user",
                     object_repr=str(user) if user else (f"身份证号码 {masked}" if masked else "统一身份认证用户"),
                     after={"reason": code, "id_number": masked, "subject": str(claims.get("sub", ""))[:100],
                            "issuer": str(claims.get("iss", ""))[:200]})


class UnifiedIdentityBackend(OIDCAuthenticationBackend):
    """Authenticates the person coming back from the identity platform to the account with their ID number. Answers
    only the callback's call (it passes ``nonce``), so a password login never reaches the provider."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Django builds every backend for each authenticate() call: the provider is read only when this one acts.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not enabled():
            return None
        try:
            super().__init__()
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation, jwt.PyJWTError, ProviderUnavailable,
                ImproperlyConfigured, KeyError, ValueError) as exc:
            logger.warning("OIDC sign-in failed: %s: %s", type(exc).__name__, exc)
            if not hasattr(request, REFUSAL):
                _refuse(request, "provider_error", claims={})
            return None

    def _verify_jws(self, payload, key):
        """The signature with the configured algorithm only (never "none" nor one the token names), the issuer and
        the audience (which mozilla-django-oidc leaves unchecked), and the times with ``CLOCK_SKEW`` seconds of
        tolerance for the provider's clock."""
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token algorithm {alg!r} is not {self.OIDC_RP_SIGN_ALGO!r}")
        issuer = provider_config()["issuer"]
        claims = jwt.decode(payload, key, algorithms=[alg], audience=self.OIDC_RP_CLIENT_ID, leeway=CLOCK_SKEW,
                            options={"verify_iss": False, "require": ["iss", "sub", "aud", "exp", "iat"]})
        if issuer and str(claims.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("ID token issuer does not match the provider's")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo endpoint's over them (when the provider has one); the userinfo
        must be about the same subject."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if str(info.get("sub", "")) != str(payload.get("sub", "")):
                raise SuspiciousOperation("userinfo subject differs from the ID token's")
            claims.update(info)
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        """The account whose officer record has the released ID number; never created (``OIDC_CREATE_USER`` is
        off and this method does not create)."""
        from axes.handlers.proxy import AxesProxyHandler

        claims = self.get_userinfo(access_token, id_token, payload)
        raw = claims.get(settings.YZF_OIDC_ID_CLAIM)
        if not raw:
            return _refuse(self.request, "no_claim", claims=claims)
        try:
            number = normalise_id_number(raw)
        except ValidationError:
            return _refuse(self.request, "bad_claim", claims=claims)
        user = (self.UserModel.objects.filter(officer__id_number=number).select_related("officer").first())
        if user is None:
            return _refuse(self.request, "no_account", claims=claims, number=number)
        if not user.is_active:
            return _refuse(self.request, "inactive", claims=claims, number=number, user=user)
        if AxesProxyHandler.is_locked(self.request, {"username": user.get_username()}):
            return _refuse(self.request, "locked", claims=claims, number=number, user=user)
        self.request.yzf_oidc_claims = {"sub": str(claims.get("sub", ""))[:100],
                                        "iss": str(claims.get("iss", ""))[:200], "number": number}
        return user


def login_audit(*, request, user) -> None:
    from yuezhifa.audit.services import audit_record
    from yuezhifa.core.masking import mask_id_number

    seen = getattr(request, "yzf_oidc_claims", {})
    with transaction.atomic():
        audit_record(actor=user, action="auth.oidc.login", obj=user, object_repr=str(user),
                     after={"id_number": mask_id_number(seen.get("number", "")), "subject": seen.get("sub", ""),
                            "issuer": seen.get("iss", "")})


def end_session_url(request) -> str:
    """Where to send the browser after the local sign-out to sign out of the identity platform too (RP-initiated
    logout), or "" (not signed in through it, no endpoint, or switched off)."""
    from urllib.parse import urlencode

    if request.session.get(AUTH_METHOD) != OIDC or not provider_logout_enabled():
        return ""
    id_token = request.session.get("oidc_id_token")
    endpoint = provider_config()["end_session_endpoint"]
    params = {"post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
              "client_id": settings.YZF_OIDC_CLIENT_ID}
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
