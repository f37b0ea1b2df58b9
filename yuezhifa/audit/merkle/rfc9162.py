"""RFC 6962 / RFC 9162 Merkle tree hashing, proof generation and proof verification, in pure Python.

No Django here: this module is the mathematics, the storage lives in ``log.py``. Hashes are 32-byte ``bytes``.

* leaf hash ``SHA-256(0x00 ‖ d)``, node hash ``SHA-256(0x01 ‖ left ‖ right)``, empty tree ``SHA-256("")``
  (RFC 9162 §2.1.1);
* proofs are generated as lists of leaf *ranges* ``[begin, end)`` whose Merkle Tree Hashes make up the proof
  (RFC 9162 §2.1.3.1 PATH and §2.1.4.1 PROOF/SUBPROOF), so that a store can answer them from the complete subtree
  hashes it keeps (``range_nodes`` splits a range into such subtrees) instead of recomputing from the leaves;
* verification follows the algorithms of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) step by step;
* subtree inclusion and subtree consistency (the generalisation to a subtree ``[start, end)`` used by Merkle Tree
  Certificates, of which an ordinary consistency proof is the case ``start = 0``) are verified too, so that every
  conformance vector of transparency-dev/merkle is checked.

Any failed verification raises ``ProofError`` (a ``ValueError``) with a Chinese message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()

Range = tuple[int, int]
# Given ranges [begin, end) of leaves, return MTH(D[begin:end]) for each, in the same order.
RangeHasher = Callable[[Sequence[Range]], list[bytes]]


class ProofError(ValueError):
    """A proof did not verify, or its parameters are impossible."""


# --- hashing -------------------------------------------------------------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    """The k of RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1)."""
    if n < 2:
        raise ValueError("n must be greater than 1")
    return 1 << ((n - 1).bit_length() - 1)


def mth(leaf_hashes: Sequence[bytes]) -> bytes:
    """Merkle Tree Hash of a list of *leaf hashes* (RFC 9162 §2.1.1), iteratively."""
    if not leaf_hashes:
        return EMPTY_ROOT
    return fold_frontier(frontier_of(leaf_hashes))


def frontier_of(leaf_hashes: Iterable[bytes]) -> list[bytes]:
    """The compact range of [0, n): the roots of the perfect subtrees along the right border, largest first.
    Their levels are the set bits of n, from the highest down."""
    frontier: list[bytes] = []
    for size, h in enumerate(leaf_hashes):
        frontier, _ = frontier_append(frontier, size, h)
    return frontier


def frontier_append(frontier: list[bytes], size: int, leaf: bytes) -> tuple[list[bytes], list[tuple[int, int, bytes]]]:
    """Append a leaf hash to the compact range of a tree of ``size`` leaves. Returns the new compact range and the
    complete subtrees this leaf completed, as ``(level, index, hash)`` with level >= 1 (lowest first). Mutates and
    returns ``frontier``."""
    completed = []
    node, level, index = leaf, 0, size
    while index & 1:
        node = node_hash(frontier.pop(), node)
        level += 1
        index >>= 1
        completed.append((level, index, node))
    frontier.append(node)
    return frontier, completed


def fold_frontier(frontier: Sequence[bytes]) -> bytes:
    """Root hash from the compact range of [0, n): hash right to left (RFC 9162's k-split, unrolled)."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for h in reversed(frontier[:-1]):
        root = node_hash(h, root)
    return root


def range_nodes(begin: int, end: int) -> list[tuple[int, int]]:
    """Split [begin, end) into the perfect subtrees whose hashes give MTH(D[begin:end]), as ``(level, index)``,
    left to right. Valid for the ranges the RFC's recursion produces: ``begin`` aligned to a power of two at least
    ``end - begin``, or ``begin = 0`` (any prefix)."""
    if not 0 <= begin < end:
        raise ValueError(f"empty or negative range [{begin}, {end})")
    out = []
    size = end - begin
    position = begin
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            if position % (1 << level):
                raise ValueError(f"range [{begin}, {end}) is not a subtree of the RFC 9162 recursion")
            out.append((level, position >> level))
            position += 1 << level
    return out


def fold_range(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from the hashes of its ``range_nodes``, in the same order."""
    return fold_frontier(hashes)


# --- proof generation ---------------------------------------------------------------------------------------------


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1 as leaf ranges, from the leaf's sibling up to the root's child."""
    if not 0 <= index < size:
        raise ProofError(f"叶子序号 {index} 超出树的大小 {size}。")
    out: list[Range] = []
    lo, hi = 0, size
    while hi - lo > 1:
        mid = lo + largest_power_of_two_below(hi - lo)
        if index < mid:
            out.append((mid, hi))
            hi = mid
        else:
            out.append((lo, mid))
            lo = mid
    out.reverse()
    return out


def subtree_is_valid(start: int, end: int) -> bool:
    """[start, end) is a subtree: non-empty, and start a multiple of the smallest power of two >= end - start."""
    if not 0 <= start < end:
        return False
    return start % (1 << (end - start - 1).bit_length()) == 0


def _consistency_descent(start: int, end: int, size: int) -> tuple[list[str], bool]:
    """The path of SUBPROOF from the root down to the node [start, end): a list of steps ("left": the target is in
    the left child, "right": in the right child, "split": the target is a prefix reaching into the right child),
    and whether the target ends up being a node the verifier already knows (the recursion's b flag)."""
    steps: list[str] = []
    lo, hi, known = 0, size, True
    while not (lo == start and hi == end):
        mid = lo + largest_power_of_two_below(hi - lo)
        if end <= mid:
            steps.append("left")
            hi = mid
        elif start >= mid:
            steps.append("right")
            lo = mid
        elif start == lo:
            steps.append("split")
            lo = start = mid
            known = False
        else:  # cannot happen for a valid subtree
            raise ProofError(f"[{start}, {end}) 不是树的子树。")
    return steps, known


def consistency_ranges(size1: int, size2: int) -> list[Range]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1 as leaf ranges. Requires 0 < size1 <= size2."""
    if not 0 < size1 <= size2:
        raise ProofError(f"无法给出从树大小 {size1} 到 {size2} 的一致性证明（要求 0 < 前者 ≤ 后者）。")
    return subtree_consistency_ranges(0, size1, size2)


def subtree_consistency_ranges(start: int, end: int, size: int) -> list[Range]:
    """The subtree consistency proof of [start, end) into the tree of ``size`` leaves (SUBPROOF generalised)."""
    if not subtree_is_valid(start, end) or end > size:
        raise ProofError(f"[{start}, {end}) 不是大小为 {size} 的树的子树。")
    out: list[Range] = []
    lo, hi, known = 0, size, True
    while not (lo == start and hi == end):
        mid = lo + largest_power_of_two_below(hi - lo)
        if end <= mid:
            out.append((mid, hi))
            hi = mid
        elif start >= mid:
            out.append((lo, mid))
            lo = mid
        else:
            out.append((lo, mid))
            lo = start = mid
            known = False
    if not known:
        out.append((lo, hi))
    out.reverse()
    return out


def inclusion_proof(index: int, size: int, hash_ranges: RangeHasher) -> list[bytes]:
    return hash_ranges(inclusion_ranges(index, size))


def consistency_proof(size1: int, size2: int, hash_ranges: RangeHasher) -> list[bytes]:
    ranges = consistency_ranges(size1, size2)
    return hash_ranges(ranges) if ranges else []


class MemoryTree:
    """A Merkle tree held in memory (reference implementation for tests and tools)."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()):
        self.leaves: list[bytes] = list(leaf_hashes)

    def append(self, leaf: bytes) -> None:
        self.leaves.append(leaf)

    def __len__(self) -> int:
        return len(self.leaves)

    def range_hash(self, begin: int, end: int) -> bytes:
        return fold_range([self._node(level, index) for level, index in range_nodes(begin, end)])

    def _node(self, level: int, index: int) -> bytes:
        if level == 0:
            return self.leaves[index]
        return node_hash(self._node(level - 1, 2 * index), self._node(level - 1, 2 * index + 1))

    def hash_ranges(self, ranges: Sequence[Range]) -> list[bytes]:
        return [self.range_hash(b, e) for b, e in ranges]

    def root(self, size: int | None = None) -> bytes:
        size = len(self.leaves) if size is None else size
        return self.range_hash(0, size) if size else EMPTY_ROOT

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, len(self.leaves) if size is None else size, self.hash_ranges)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        return consistency_proof(size1, len(self.leaves) if size2 is None else size2, self.hash_ranges)


# --- verification ---------------------------------------------------------------------------------------------------


def _check_hashes(proof: Sequence[bytes]) -> None:
    for i, h in enumerate(proof):
        if len(h) != HASH_SIZE:
            raise ProofError(f"证明的第 {i + 1} 个哈希长度为 {len(h)} 字节，应为 {HASH_SIZE} 字节。")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2, steps 1-5, returning the computed root ``r`` (or raising ``ProofError``)."""
    if not 0 <= index < size:
        raise ProofError(f"叶子序号 {index} 超出树的大小 {size}。")
    if len(leaf) != HASH_SIZE:
        raise ProofError(f"叶子哈希长度为 {len(leaf)} 字节，应为 {HASH_SIZE} 字节。")
    _check_hashes(proof)
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            raise ProofError("审计路径过长。")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("审计路径过短。")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Inclusion of the leaf hash ``leaf`` at ``index`` in the tree of ``size`` leaves with root hash ``root``."""
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofError("审计路径算出的根哈希与树头的根哈希不符。")


def verify_consistency(size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes) -> None:
    """RFC 9162 §2.1.4.2: the tree of ``size2`` leaves with root ``root2`` extends the tree of ``size1`` leaves with
    root ``root1``. Sizes equal: the proof must be empty and the roots equal. An empty first tree proves nothing and
    is refused."""
    if size1 > size2:
        raise ProofError(f"第一个树大小 {size1} 大于第二个 {size2}。")
    if size1 <= 0:
        raise ProofError("从空树出发的一致性证明没有意义。")
    if size1 == size2:
        if proof:
            raise ProofError("两个树大小相同，一致性证明应为空。")
        if root1 != root2:
            raise ProofError("两个树大小相同，但根哈希不同。")
        return
    if not proof:
        raise ProofError("一致性证明为空。")
    _check_hashes(proof)
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # step 2: first is an exact power of 2
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:  # step 4
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            raise ProofError("一致性证明过长。")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:  # step 7
        raise ProofError("一致性证明过短。")
    if fr != root1:
        raise ProofError("一致性证明算出的第一个根哈希与第一个树头不符。")
    if sr != root2:
        raise ProofError("一致性证明算出的第二个根哈希与第二个树头不符。")


def verify_subtree_inclusion(index: int, start: int, end: int, leaf: bytes, proof: Sequence[bytes],
                             root: bytes) -> None:
    """Inclusion of a leaf in the subtree [start, end) whose hash is ``root``."""
    if not subtree_is_valid(start, end):
        raise ProofError(f"[{start}, {end}) 不是有效的子树。")
    if not start <= index < end:
        raise ProofError(f"叶子序号 {index} 不在子树 [{start}, {end}) 中。")
    verify_inclusion(index - start, end - start, leaf, proof, root)


def roots_from_subtree_consistency_proof(start: int, end: int, size: int, proof: Sequence[bytes],
                                         subtree_root: bytes) -> tuple[bytes, bytes]:
    """Walk SUBPROOF's recursion back up: returns (the subtree hash the proof implies, the tree root it implies)."""
    if not subtree_is_valid(start, end):
        raise ProofError(f"[{start}, {end}) 不是有效的子树。")
    if end > size:
        raise ProofError(f"子树 [{start}, {end}) 超出树的大小 {size}。")
    steps, known = _consistency_descent(start, end, size)
    if len(proof) != len(steps) + (0 if known else 1):
        raise ProofError(f"一致性证明应有 {len(steps) + (0 if known else 1)} 个哈希，实有 {len(proof)} 个。")
    _check_hashes(proof)
    items = iter(proof)
    old = new = subtree_root if known else next(items)
    for step in reversed(steps):
        p = next(items)
        if step == "left":
            new = node_hash(new, p)
        elif step == "right":
            new = node_hash(p, new)
        else:
            new = node_hash(p, new)
            old = node_hash(p, old)
    return old, new


def verify_subtree_consistency(start: int, end: int, size: int, proof: Sequence[bytes], subtree_root: bytes,
                               root: bytes) -> None:
    """The subtree [start, end) with hash ``subtree_root`` is part of the tree of ``size`` leaves with ``root``.
    An empty subtree (start = end <= size) is part of every tree: its hash must be the empty hash, its proof empty."""
    if 0 <= start == end <= size:
        if proof:
            raise ProofError("空子树的一致性证明应为空。")
        if subtree_root != EMPTY_ROOT:
            raise ProofError("空子树的哈希应为空树哈希。")
        return
    old, new = roots_from_subtree_consistency_proof(start, end, size, proof, subtree_root)
    if old != subtree_root:
        raise ProofError("一致性证明算出的子树哈希不符。")
    if new != root:
        raise ProofError("一致性证明算出的根哈希与树头不符。")
