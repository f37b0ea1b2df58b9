"""The published results in the platform's full-text index (kind ``disclosure.penalty``; decision 0004, 0014).

Only results on public display are indexed: ``publish_decision`` adds one, ``withdraw_decision`` and
``expire_results`` remove them, in the same transaction as the status change. The title is what a citizen looks for
first (the party's name and the document number); the text adds the credit codes, the act type, the facts, the
penalties and the body, so that a body's credit code appended to a query restricts it to that body inside the index.
"""

from __future__ import annotations

from collections.abc import Iterable

from yuezhifa.search.index import Doc, remove_documents, replace_documents

KIND = "disclosure.penalty"


def search_doc(result) -> Doc:
    title = f"{result.party_name} {result.document_number}"
    text = " ".join(part for part in (
        result.party_credit_code, result.legal_representative, result.illegal_act_type, result.facts,
        result.penalty_types, result.body_name, result.body_credit_code) if part)
    return Doc(str(result.pk), title, text)


def index_results(results: Iterable) -> int:
    return replace_documents(KIND, (search_doc(result) for result in results))


def remove_results(ids: Iterable) -> int:
    return remove_documents(KIND, [str(pk) for pk in ids])
