"""Every read of the seals (DESIGN §5.4).

The restricted lists serve the back office. The public verifier (``verification.verify_pdf``) needs two lookups that no
login restricts: the seal behind a certificate and the sealing record behind a signature. Both are keyed by values
only a holder of the sealed PDF knows (its signature, its certificate), and what they return is shown to that holder:
the issuing body, the time, and whether the document was later revoked or replaced. Neither ever reads key material.
"""

from django.db.models import QuerySet

from .models import Seal, SealAuthority, SignedDocument


def seal_list(*, user, action: str = "view") -> QuerySet:
    return (Seal.objects.restrict(user, action).select_related("body", "authority")
            .defer("encrypted_private_key", "image_png"))


def signed_document_list(*, user, action: str = "view") -> QuerySet:
    return SignedDocument.objects.restrict(user, action).select_related("body", "seal")


def authority_list(*, user, action: str = "view") -> QuerySet:
    return SealAuthority.objects.restrict(user, action).defer("encrypted_private_key")


def public_seal_by_fingerprint(fingerprint: str) -> Seal | None:
    """The seal whose certificate has this SHA-256 fingerprint (public verification)."""
    return (Seal.objects.filter(fingerprint=fingerprint).select_related("body", "authority", "replaced_by__body")
            .defer("encrypted_private_key", "image_png", "authority__encrypted_private_key").first())


def public_signed_document(signature_sha256: str) -> SignedDocument | None:
    """The sealing record of this signature (public verification)."""
    return (SignedDocument.objects.filter(signature_sha256=signature_sha256).select_related("body")
            .only("id", "body__name", "body__credit_code", "document_ref", "document_number", "title", "signed_at",
                  "reason", "location", "status", "status_reason", "status_changed_at", "replaced_by_ref",
                  "replaced_by_number", "sha256", "seal_id").first())


def trusted_root_certificates() -> list[tuple[SealAuthority, str]]:
    from .models import AuthorityStatus

    return [(a, a.certificate_pem) for a in
            SealAuthority.objects.filter(status=AuthorityStatus.ACTIVE).defer("encrypted_private_key")]
