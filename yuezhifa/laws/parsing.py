"""Reading one statute's Markdown text into a tree of provisions (format: ``data/laws/SOURCE.md``).

Pure functions, no database: the importer and the tests use them alike.

The format, in short::

    # 中华人民共和国行政处罚法          ← line 1: full name
    1996年3月17日 …通过                  ← revision history, one paragraph each
    <!-- INFO END -->
    ## 第一章 总 则                      ← structural headings: 编 / 分编 / 章 / 节 (any number of #)
    第一条 为了……                        ← an article: 第X条 + one space
    第二款的文字                          ← each further blank-line-separated paragraph is a 款
    （一）……                             ← 项
    1．……                                ← 目

Anything the parser cannot place raises :class:`ParseError` with the 1-based line and a Chinese reason; a file is
either read whole or refused, never half-read.
"""

import re
from dataclasses import dataclass, field

from .numerals import CN_NUMERAL_CHARS, cn_to_int, int_to_cn

INFO_END = "<!-- INFO END -->"

# Characters that make a line look non-blank without carrying text (the corpus has a zero-width space line).
_INVISIBLE = "\u200b\u200c\u200d\ufeff\u3000\xa0"
_N = f"[{CN_NUMERAL_CHARS}]+"
ARTICLE_RE = re.compile(rf"^第({_N})条(?:之([一二三四五六七八九十]+))?(?:[ \u3000]+(.*))?$")
HEADING_RE = re.compile(r"^(#{1,6})(?:[ \t]+(.*))?$")
STRUCTURE_RE = re.compile(rf"^第({_N})(编|分编|章|节)(?:[\s\u3000]*(.*))?$")
MALFORMED_ARTICLE_RE = re.compile(rf"^(?:笫{_N}\s*条|第{_N}\s+条|第{_N}条[^ \u3000之])")
ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]")
SUBITEM_RE = re.compile(r"^(\d{1,2})[.．、](?!\d)")
_CJK_SPACES = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(?=[\u3400-\u9fff])")

# Kind values are those of ``models.ProvisionKind``; kept as plain strings so this module stays database-free.
STRUCTURAL_RANK = {"part": 1, "subpart": 2, "chapter": 3, "section": 4}
_UNIT_KIND = {"编": "part", "分编": "subpart", "章": "chapter", "节": "section"}
CODE_PREFIX = {"part": "B", "subpart": "F", "chapter": "C", "section": "S", "paragraph": "P", "item": "I",
               "subitem": "M"}
UNNUMBERED_PREFIX = "H"


class ParseError(ValueError):
    """The text does not follow the format. ``line`` is 1-based (0: the file as a whole)."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"第 {line} 行：{reason}" if line else reason)
        self.line = line
        self.reason = reason


@dataclass
class Node:
    """One unit of the text. ``code`` and ``sort_key`` are assigned by :func:`finish` once the tree is complete."""

    kind: str
    label: str
    line: int
    number: int | None = None
    """The printed number: 第三章 → 3, 第五十一条 → 51, （二）→ 2, 1． → 1; None for an unnumbered heading."""
    suffix: int = 0
    heading: str = ""
    own_text: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    ordinal: int = 0
    code: str = ""
    sort_key: int = 0
    article_number: int | None = None
    tags: list[str] = field(default_factory=list)
    _full_text: str | None = field(default=None, repr=False, compare=False)

    @property
    def is_structural(self) -> bool:
        return self.kind in STRUCTURAL_RANK

    @property
    def full_text(self) -> str:
        """Own text followed by every descendant's; for an article, all its paragraphs, items and sub-items.
        Computed once for the whole tree by :func:`finish`."""
        if self._full_text is None:
            self._full_text = self._compose()
        return self._full_text

    def _compose(self) -> str:
        if self.kind == "article":
            return "\n".join(child.full_text for child in self.children)
        if self.is_structural or not self.children:
            return "\n".join(self.own_text)
        return "\n".join([*self.own_text, *(child.full_text for child in self.children)])

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedLaw:
    title: str
    history: list[str]
    roots: list[Node]
    preamble: list[str] = field(default_factory=list)
    """Text before the first heading or article (a 序言, or the body of a document not divided into articles)."""
    warnings: list[str] = field(default_factory=list)
    """Oddities that do not stop the import (gaps in the article numbering), each with its line."""

    def walk(self):
        for root in self.roots:
            yield from root.walk()

    @property
    def articles(self) -> list[Node]:
        return [node for node in self.walk() if node.kind == "article"]


def clean_line(line: str) -> str:
    return line.strip().strip(_INVISIBLE).strip()


def normalise_heading(text: str) -> str:
    """``"总 则"`` → ``"总则"``: the corpus pads short headings with spaces between characters."""
    return _CJK_SPACES.sub("", text.strip())


def article_label(number: int, suffix: int = 0) -> str:
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")


def _paragraphs(lines: list[str], first_line: int):
    """Yield ``(line number, text)`` for each blank-line-separated paragraph (a paragraph of several lines is
    joined; the corpus writes one line per paragraph)."""
    buffer: list[str] = []
    start = first_line
    for offset, raw in enumerate(lines):
        text = clean_line(raw)
        if not text:
            if buffer:
                yield start, "".join(buffer)
                buffer = []
            continue
        if not buffer:
            start = first_line + offset
        if raw.lstrip().startswith("#") or (buffer and (ARTICLE_RE.match(text) or ITEM_RE.match(text))):
            # A heading, article or item always starts its own paragraph, blank line or not.
            if buffer:
                yield start, "".join(buffer)
            start = first_line + offset
            buffer = [text]
            if raw.lstrip().startswith("#"):
                yield start, text
                buffer = []
            continue
        buffer.append(text)
    if buffer:
        yield start, "".join(buffer)


def split_header(text: str) -> tuple[str, list[str], list[str], int]:
    """Return ``(title, extra H1 lines, history paragraphs, line number of INFO END)``.

    The 民法典 part files carry a second H1 line (``# 物权编``) before the history: it is returned in the extras.
    """
    lines = text.split("\n")
    if not lines or not clean_line(lines[0]).startswith("# "):
        raise ParseError(1, "第一行应为“# 全称”标题行")
    title = normalise_heading(clean_line(lines[0])[2:])
    if not title:
        raise ParseError(1, "标题为空")
    try:
        end = next(i for i, line in enumerate(lines) if clean_line(line) == INFO_END)
    except StopIteration:
        raise ParseError(0, f"缺少“{INFO_END}”分隔行（修订沿革之后）") from None
    extras, history = [], []
    for number, paragraph in _paragraphs(lines[1:end], 2):
        if paragraph.startswith("# "):
            extras.append(normalise_heading(paragraph[2:]))
        elif paragraph.startswith("#"):
            raise ParseError(number, "修订沿革中出现了章节标题（是否缺少分隔行？）")
        else:
            history.append(paragraph)
    return title, extras, history, end + 1


class _Builder:
    """Places each paragraph of the body in the tree."""

    def __init__(self):
        self.roots: list[Node] = []
        self.preamble: list[str] = []
        self.stack: list[tuple[Node, int]] = []  # open structural units with their markdown depth
        self.article: Node | None = None
        self.paragraph: Node | None = None
        self.item: Node | None = None
        self.last_article: tuple[int, int] | None = None
        self.article_numbers: dict[tuple[int, int], int] = {}
        self.warnings: list[str] = []

    # -- structure --------------------------------------------------------------------------------------------
    def heading(self, line: int, depth: int, text: str) -> None:
        text = normalise_heading(text)
        self.article = self.paragraph = self.item = None
        if not text:
            return  # an empty heading line ("##") carries nothing
        match = STRUCTURE_RE.match(text)
        if match:
            kind = _UNIT_KIND[match.group(2)]
            rank = STRUCTURAL_RANK[kind]
            try:
                number = cn_to_int(match.group(1))
            except ValueError:
                raise ParseError(line, f"无法识别的章节序号“{match.group(1)}”") from None
            while self.stack and ((self.stack[-1][0].number is None and self.stack[-1][1] >= depth)
                                  or (self.stack[-1][0].number is not None
                                  and STRUCTURAL_RANK[self.stack[-1][0].kind] >= rank)):
                self.stack.pop()
            label = f"第{match.group(1)}{match.group(2)}"
            node = Node(kind=kind, label=label, line=line, number=number, heading=(match.group(3) or "").strip())
        else:
            while self.stack and self.stack[-1][1] >= depth:
                self.stack.pop()
            parent = self.stack[-1][0] if self.stack else None
            kind = "chapter" if parent is None or STRUCTURAL_RANK[parent.kind] < STRUCTURAL_RANK["chapter"] \
                else "section"
            node = Node(kind=kind, label=text, line=line, heading=text)
        self._attach(node)
        self.stack.append((node, depth))

    def _attach(self, node: Node) -> None:
        siblings = self.stack[-1][0].children if self.stack else self.roots
        if node.is_structural and node.number is not None:
            for other in siblings:
                if other.kind == node.kind and other.number == node.number:
                    raise ParseError(node.line, f"{node.label}重复（第 {other.line} 行已有）")
        siblings.append(node)

    # -- articles and their parts -----------------------------------------------------------------------------
    def article_start(self, line: int, match: re.Match) -> None:
        try:
            number = cn_to_int(match.group(1))
            suffix = cn_to_int(match.group(2)) if match.group(2) else 0
        except ValueError as exc:
            raise ParseError(line, f"无法识别的条号（{exc}）") from None
        key = (number, suffix)
        if key in self.article_numbers:
            raise ParseError(line, f"{article_label(number, suffix)}重复（第 {self.article_numbers[key]} 行已有）")
        if self.last_article is not None and key < self.last_article:
            raise ParseError(line, f"条号顺序错误：{article_label(number, suffix)}出现在"
                                   f"{article_label(*self.last_article)}之后")
        self.article_numbers[key] = line
        self.last_article = key
        node = Node(kind="article", label=article_label(number, suffix), line=line, number=number, suffix=suffix)
        self._attach(node)
        self.article = node
        self.paragraph = self.item = None
        body = (match.group(3) or "").strip()
        if body:
            self.paragraph_start(line, body)
        else:
            # "第X条" alone on its line: the article's text follows as its first paragraph.
            pass

    def paragraph_start(self, line: int, text: str) -> None:
        node = Node(kind="paragraph", label="", line=line, number=len(self.article.children) + 1, own_text=[text])
        node.label = f"第{int_to_cn(node.number)}款"
        self.article.children.append(node)
        self.paragraph, self.item = node, None

    def item_start(self, line: int, match: re.Match, text: str) -> None:
        if self.paragraph is None:
            raise ParseError(line, "项出现在条文第一款之前")
        number = cn_to_int(match.group(1))
        expected = len(self.paragraph.children) + 1
        if number != expected and not self._continue_list(number) and not self._recover_markers(line, number):
            raise ParseError(line, f"项序号不连续：应为（{int_to_cn(expected)}），实为（{match.group(1)}）")
        node = Node(kind="item", label=f"（{match.group(1)}）", line=line, number=number, own_text=[text])
        self.paragraph.children.append(node)
        self.item = node

    def _continue_list(self, number: int) -> bool:
        """An item whose text runs over several paragraphs (国旗法 第五条（二）): the paragraphs between item n and
        item n+1 were read as new 款; fold them back into item n and continue its list."""
        paragraphs = self.article.children
        for index in range(len(paragraphs) - 1, -1, -1):
            candidate = paragraphs[index]
            if not any(child.kind == "item" for child in candidate.children):
                continue
            if len(candidate.children) + 1 != number or index == len(paragraphs) - 1:
                return False
            item = candidate.children[-1]
            for stray in paragraphs[index + 1:]:
                item.own_text.extend(stray.own_text)
                for child in stray.children:
                    child.number = len(item.children) + 1
                    child.label = f"{child.number}."
                    item.children.append(child)
            del paragraphs[index + 1:]
            self.paragraph, self.item = candidate, item
            return True
        return False

    def _recover_markers(self, line: int, number: int) -> bool:
        """Item n follows k unmarked paragraphs where exactly k items are missing (the source lost the （一）
        markers, e.g. 广东省湿地保护条例 第二十一条): read those paragraphs as the missing items, and say so."""
        paragraphs = self.article.children
        run = 0
        while run < len(paragraphs) and not paragraphs[-1 - run].children:
            run += 1
        run = min(run, len(paragraphs) - 1)  # the lead-in paragraph itself stays a 款
        if run < 1:
            return False
        lead = paragraphs[-1 - run]
        items = [child for child in lead.children if child.kind == "item"]
        if len(items) != len(lead.children) or len(items) + run + 1 != number:
            return False
        for stray in paragraphs[len(paragraphs) - run:]:
            stray.kind = "item"
            stray.number = len(lead.children) + 1
            stray.label = f"（{int_to_cn(stray.number)}）"
            lead.children.append(stray)
            self.warnings.append(f"第 {stray.line} 行：缺少项标号，按顺序认作第{stray.label}项")
        del paragraphs[len(paragraphs) - run:]
        self.paragraph, self.item = lead, lead.children[-1]
        return True

    def subitem_start(self, line: int, match: re.Match, text: str) -> bool:
        """A 目 under the current 项 (or, failing one, the current 款). Returns False if its number does not follow
        on, in which case the caller treats the paragraph as ordinary text."""
        parent = self.item or self.paragraph
        if parent is None:
            return False
        number = int(match.group(1))
        if number != len(parent.children) + 1:
            return False
        parent.children.append(Node(kind="subitem", label=f"{number}.", line=line, number=number,
                                    own_text=[text]))
        return True

    def text(self, line: int, text: str) -> None:
        if MALFORMED_ARTICLE_RE.match(text):
            raise ParseError(line, f"疑似条文开头格式有误：“{text[:20]}…”（应为“第X条”后接一个空格）")
        if self.article is not None:
            item = ITEM_RE.match(text)
            if item:
                self.item_start(line, item, text)
                return
            subitem = SUBITEM_RE.match(text)
            if subitem and self.subitem_start(line, subitem, text):
                return
            self.paragraph_start(line, text)
        elif self.stack:
            self.stack[-1][0].own_text.append(text)
        else:
            self.preamble.append(text)


def parse_body(text: str, first_line: int, builder: _Builder | None = None) -> _Builder:
    """Parse the body (after INFO END) of one file into ``builder``; ``first_line`` is the line number of the
    body's first line in the file."""
    builder = builder or _Builder()
    lines = text.split("\n")
    for line, paragraph in _paragraphs(lines, first_line):
        heading = HEADING_RE.match(paragraph)
        if heading:
            builder.heading(line, len(heading.group(1)), heading.group(2) or "")
            continue
        article = ARTICLE_RE.match(paragraph)
        if article:
            builder.article_start(line, article)
            continue
        builder.text(line, paragraph)
    return builder


def finish(roots: list[Node]) -> None:
    """Assign ordinals, stable codes, document order and article numbers to a complete tree, and check the
    structural numbering."""
    counter = 0

    def visit(nodes: list[Node], parent: Node | None, prefix: str, article: Node | None) -> None:
        nonlocal counter
        unnumbered = 0
        for ordinal, node in enumerate(nodes, 1):
            counter += 1
            node.ordinal = ordinal
            node.sort_key = counter
            if node.kind == "article":
                node.code = f"A{node.number}" + (f"-{node.suffix}" if node.suffix else "")
                node.article_number = node.number
                visit(node.children, node, node.code, node)
            elif node.is_structural:
                if node.number is None:
                    unnumbered += 1
                    code = f"{UNNUMBERED_PREFIX}{unnumbered}"
                else:
                    code = f"{CODE_PREFIX[node.kind]}{node.number}"
                node.code = f"{prefix}.{code}" if prefix else code
                visit(node.children, node, node.code, None)
            else:
                node.code = f"{prefix}.{CODE_PREFIX[node.kind]}{node.number}"
                node.article_number = article.number if article else None
                visit(node.children, node, node.code, article)

    visit(roots, None, "", None)


def parse_markdown(text: str) -> ParsedLaw:
    """Parse one complete file."""
    title, extras, history, end = split_header(text)
    if extras:
        raise ParseError(2, f"多余的一级标题“{extras[0]}”（仅民法典各编文件可有）")
    body = "\n".join(text.split("\n")[end:])
    builder = parse_body(body, end + 1)
    if not builder.roots and not builder.preamble:
        raise ParseError(end, "正文为空：分隔行之后没有任何条文或文字")
    finish(builder.roots)
    law = ParsedLaw(title=title, history=history, roots=builder.roots, preamble=builder.preamble)
    law.warnings = builder.warnings + _numbering_warnings(law)
    return law


def _numbering_warnings(law: ParsedLaw) -> list[str]:
    """Gaps in the article numbering. Not an error: some published texts are excerpts (飞行基本规则 gives only
    some of its articles); a gap caused by a mistyped article heading is caught as an error while parsing."""
    warnings = []
    previous = 0
    for article in law.articles:
        if article.suffix:
            continue
        if article.number != previous + 1:
            missing = (f"{article_label(previous + 1)}" if article.number == previous + 2
                       else f"{article_label(previous + 1)}至{article_label(article.number - 1)}")
            warnings.append(f"第 {article.line} 行：条号不连续，缺{missing}")
        previous = article.number
    return warnings


def parse_code_parts(parts: list[tuple[str, str]]) -> ParsedLaw:
    """Parse a law published as one file per part (the 民法典: 总则.md, 物权编.md, … 附则.md).

    ``parts`` is ``[(file name, text)]`` in any order; they are ordered by their first article. Each part file's
    second H1 line names the part (``# 物权编``); it becomes a 编 numbered in order. A part without 编 in its name
    (``附则``) becomes an unnumbered heading.
    """
    loaded = []
    titles = set()
    for name, text in parts:
        try:
            title, extras, history, end = split_header(text)
            if len(extras) != 1:
                raise ParseError(2, "民法典各编文件第二个一级标题应为编名（如“# 物权编”）")
            body = "\n".join(text.split("\n")[end:])
            builder = parse_body(body, end + 1)
        except ParseError as exc:
            exc.args = (f"{name}：{exc.args[0]}",)
            raise
        if not builder.roots:
            raise ParseError(end + 1, f"{name}：没有条文")
        first = next((n.number for root in builder.roots for n in root.walk() if n.kind == "article"), None)
        loaded.append((first if first is not None else 10**9, name, title, extras[0], history, builder))
        titles.add(title)
    if len(titles) != 1:
        raise ParseError(1, f"各编文件的标题不一致：{'、'.join(sorted(titles))}")
    loaded.sort(key=lambda entry: entry[0])
    roots: list[Node] = []
    last: tuple[int, int] | None = None
    part_number = 0
    history: list[str] = []
    for _, name, _title, part_name, part_history, builder in loaded:
        keys = sorted(builder.article_numbers)
        if keys and last is not None and keys[0] <= last:
            raise ParseError(builder.article_numbers[keys[0]], f"{name}：条号与前一编重叠")
        if keys:
            last = keys[-1]
        for paragraph in part_history:
            if paragraph not in history:
                history.append(paragraph)
        heading = normalise_heading(part_name)
        if heading.endswith("编") or heading == "总则":
            part_number += 1
            part = Node(kind="part", label=f"第{int_to_cn(part_number)}编", line=1, number=part_number,
                        heading=heading.removesuffix("编"))
        else:
            part = Node(kind="chapter", label=heading, line=1, heading=heading)
        part.own_text = builder.preamble
        part.children = builder.roots
        roots.append(part)
    finish(roots)
    return ParsedLaw(title=next(iter(titles)), history=history, roots=roots)
