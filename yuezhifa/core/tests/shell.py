"""Helpers for the tests of the page shell (breadcrumbs, menus, visible text)."""

import html as html_lib
import re

CRUMBS = re.compile(r'<nav class="breadcrumbs" aria-label="面包屑">(.*?)</nav>', re.S)
TAG = re.compile(r"<[^>]*>")
# what is no visible text: scripts, styles, the hidden htmx config, form values
HIDDEN = re.compile(r"<(script|style|template|textarea)\b.*?</\1>|<!--.*?-->", re.S | re.I)
# an identifier shown as one (a column 代码 in monospace, <code>): a code the user types or quotes, not a field name
CODES = re.compile(r"<(code|kbd)\b.*?</\1>|<(\w+)[^>]*\bclass=\"[^\"]*\bmono\b[^\"]*\"[^>]*>.*?</\2>", re.S | re.I)
RAW = re.compile(r"(?<![A-Za-z0-9_./:#%=-])[a-z]+(?:_[a-z0-9]+)+(?![A-Za-z0-9_./(=-])")


def crumbs_of(page: str) -> list[str]:
    found = CRUMBS.search(page)
    assert found, "no breadcrumb nav (aria-label=面包屑) on the page"
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    return [html_lib.unescape(TAG.sub("", item)).strip() for item in items]


def visible_text(page: str) -> str:
    """The text a user reads: without tags (and so without attributes and URLs), scripts and styles."""
    return html_lib.unescape(TAG.sub(" ", CODES.sub(" ", HIDDEN.sub(" ", page))))


def raw_names(page: str) -> set[str]:
    """snake_case tokens (``registered_at``) in the visible text: internal field names shown to a user."""
    return set(RAW.findall(visible_text(page)))
