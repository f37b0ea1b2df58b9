"""The people of the test provider and the claims it releases about them. The ID number is released in the claim
``id_card`` (scope ``id_card``) and also put in the ID token, as a platform may do either."""

from django.utils.translation import gettext_lazy as _
from oidc_provider.lib.claims import ScopeClaims

PASSWORD = "op-Pass-word-123"

# username → (name, ID number as the provider releases it). The lower-case x is deliberate: the platform compares
# normalised numbers.
PEOPLE = {
    "zhang": ("张执法", "44010619900307001x"),
    "li": ("李停用", "440106198805120002"),
    "wang": ("王未开户", "44010619920101000X"),
    "anon": ("匿名", ""),
}


def _id_card(user) -> str:
    return PEOPLE.get(user.username, ("", ""))[1]


def userinfo(claims, user):
    claims["name"] = PEOPLE.get(user.username, (user.username, ""))[0]
    return claims


class RealNameScopeClaims(ScopeClaims):
    info_id_card = (_("居民身份证号码"), _("实名认证的居民身份证号码"))

    def scope_id_card(self):
        number = _id_card(self.user)
        return {"id_card": number} if number else {}


def idtoken_hook(id_token, user, token, request, **kwargs):
    number = _id_card(user)
    if number:
        id_token["id_card"] = number
    return id_token
