"""The RFC 6962 / RFC 9162 core (DESIGN §7) against every conformance vector of ../shared/data/merkle: leaf, node and
root hashes of testonly/constants.go; each inclusion, consistency, subtree-inclusion and subtree-consistency case,
where every happy path must verify and every mutated case must be rejected. The standalone verifier
(scripts/verify_merkle_proof.py) is held to the same vectors, and proofs generated here are checked by both."""

from __future__ import annotations

import base64
import importlib.util
import json
import random
import re
from pathlib import Path

import pytest
from django.conf import settings

from yuezhifa.audit.merkle import rfc9162 as m

VECTORS = Path(settings.YZF_SHARED_DIR) / "data" / "merkle"
TESTDATA = VECTORS / "testdata"
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "verify_merkle_proof.py"

pytestmark = pytest.mark.skipif(not TESTDATA.is_dir(), reason=f"conformance vectors not found at {VECTORS}")


def _script():
    spec = importlib.util.spec_from_file_location("verify_merkle_proof", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _b64(value) -> bytes:
    return base64.b64decode(value or "")


def _proof(value) -> list[bytes]:
    return [_b64(h) for h in value or []]


def _cases(kind: str) -> list[tuple[str, dict]]:
    files = sorted((TESTDATA / kind).rglob("*.json")) if TESTDATA.is_dir() else []
    return [(str(f.relative_to(TESTDATA)), json.loads(f.read_text())) for f in files]


def _run(kind: str, c: dict, verifier=m) -> Exception | None:
    try:
        if kind == "inclusion":
            verifier.verify_inclusion(c["leafIdx"], c["treeSize"], _b64(c["leafHash"]), _proof(c["proof"]),
                                      _b64(c["root"]))
        elif kind == "consistency":
            verifier.verify_consistency(c["size1"], c["size2"], _proof(c["proof"]), _b64(c["root1"]),
                                        _b64(c["root2"]))
        elif kind == "subtreeinclusion":
            m.verify_subtree_inclusion(c["leafIdx"], c["start"], c["end"], _b64(c["leafHash"]), _proof(c["proof"]),
                                       _b64(c["root"]))
        else:
            m.verify_subtree_consistency(c["start"], c["end"], c["size"], _proof(c["proof"]), _b64(c["root1"]),
                                         _b64(c["root2"]))
    except Exception as exc:
        return exc
    return None


@pytest.mark.parametrize("kind", ["inclusion", "consistency", "subtreeinclusion", "subtreeconsistency"])
def test_every_vector_happy_paths_verify_and_mutations_are_rejected(kind):
    cases = _cases(kind)
    assert len(cases) > 50
    wrong = []
    for name, c in cases:
        error = _run(kind, c)
        if error is not None and not isinstance(error, m.ProofError):
            wrong.append(f"{name}: unexpected {error!r}")
        elif c["wantErr"] != (error is not None):
            wrong.append(f"{name} ({c['desc']}): wantErr={c['wantErr']}, got {error!r}")
    assert not wrong, "\n".join(wrong)
    assert any(not c["wantErr"] for _, c in cases) and any(c["wantErr"] for _, c in cases)


def test_all_518_vector_files_are_exercised():
    total = sum(len(_cases(kind)) for kind in ("inclusion", "consistency", "subtreeinclusion", "subtreeconsistency"))
    assert total == len(list(TESTDATA.rglob("*.json"))) == 518


@pytest.mark.parametrize("kind", ["inclusion", "consistency"])
def test_standalone_script_agrees_with_every_vector(kind):
    script = _script()

    class Adapter:
        @staticmethod
        def verify_inclusion(*args):
            script.verify_inclusion(*args)

        @staticmethod
        def verify_consistency(*args):
            script.verify_consistency(*args)

    wrong = [name for name, c in _cases(kind)
             if c["wantErr"] != (_run(kind, c, Adapter) is not None)]
    assert not wrong


# --- testonly/constants.go -------------------------------------------------------------------------------------------


def _go_constants():
    text = (VECTORS / "testonly" / "constants.go").read_text()

    def block(name):
        start = text.index(f"func {name}()")
        return text[start:text.index("\n}\n", start)]

    leaves = [bytes.fromhex(h) for h in re.findall(r'hd\("([0-9a-f]*)"\)', block("LeafInputs"))]
    nodes_text = block("NodeHashes")
    levels = [[bytes.fromhex(h) for h in re.findall(r'hd\("([0-9a-f]*)"\)', part)]
              for part in nodes_text.split("}, {")]
    roots = [m.EMPTY_ROOT] + [bytes.fromhex(h) for h in re.findall(r'hd\("([0-9a-f]*)"\)', block("RootHashes"))]
    empty = bytes.fromhex(re.search(r'hd\("([0-9a-f]+)"\)', block("EmptyRootHash")).group(1))
    return leaves, levels, roots, empty


def test_leaf_node_and_root_hashes_match_the_reference_constants():
    leaves, levels, roots, empty = _go_constants()
    assert len(leaves) == 8 and [len(level) for level in levels] == [8, 4, 2, 1] and len(roots) == 9
    assert empty == m.EMPTY_ROOT == m.mth([])
    leaf_hashes = [m.leaf_hash(d) for d in leaves]
    assert leaf_hashes == levels[0]
    for level in range(1, 4):
        assert [m.node_hash(levels[level - 1][2 * i], levels[level - 1][2 * i + 1])
                for i in range(len(levels[level]))] == levels[level]
    tree = m.MemoryTree(leaf_hashes)
    for size in range(9):
        assert m.mth(leaf_hashes[:size]) == roots[size] == tree.root(size)


def test_compact_ranges_and_completed_nodes_match_the_reference():
    """The append path keeps the compact range (CompactTrees in constants.go) and emits each complete node once."""
    leaves, levels, _roots, _ = _go_constants()
    expected = [[], [(0, 0)], [(1, 0)], [(1, 0), (0, 2)], [(2, 0)], [(2, 0), (0, 4)], [(2, 0), (1, 2)],
                [(2, 0), (1, 2), (0, 6)], [(3, 0)]]
    frontier: list[bytes] = []
    emitted = []
    for size in range(9):
        assert frontier == [levels[lv][ix] for lv, ix in expected[size]]
        if size < 8:
            frontier, completed = m.frontier_append(frontier, size, m.leaf_hash(leaves[size]))
            emitted += completed
    assert sorted((lv, ix) for lv, ix, _ in emitted) == sorted(
        (lv, ix) for lv in range(1, 4) for ix in range(len(levels[lv])))
    assert all(h == levels[lv][ix] for lv, ix, h in emitted)


# --- generated proofs ------------------------------------------------------------------------------------------------


def _tree(n: int) -> m.MemoryTree:
    return m.MemoryTree(m.leaf_hash(i.to_bytes(4, "big")) for i in range(n))


def test_generated_proofs_match_the_vectors_happy_paths():
    """Our generator produces exactly the proofs of the reference vectors (same leaves, same order)."""
    leaves, *_ = _go_constants()
    tree = m.MemoryTree(m.leaf_hash(d) for d in leaves)
    for _name, c in _cases("inclusion"):
        if not c["wantErr"] and c["treeSize"] <= 8 and len(_b64(c["root"])) == 32 \
                and tree.root(c["treeSize"]) == _b64(c["root"]):
            assert tree.inclusion_proof(c["leafIdx"], c["treeSize"]) == _proof(c["proof"])
    for _name, c in _cases("consistency"):
        if not c["wantErr"] and 0 < c["size1"] <= c["size2"] <= 8 and tree.root(c["size2"]) == _b64(c["root2"]):
            assert tree.consistency_proof(c["size1"], c["size2"]) == _proof(c["proof"])


def test_every_proof_up_to_64_leaves_verifies_and_any_change_is_rejected():
    script = _script()
    rng = random.Random(6962)
    tree = _tree(64)
    for size in range(1, 65):
        root = tree.root(size)
        for index in range(size):
            proof = tree.inclusion_proof(index, size)
            assert len(proof) <= (size - 1).bit_length()
            m.verify_inclusion(index, size, tree.leaves[index], proof, root)
            script.verify_inclusion(index, size, tree.leaves[index], proof, root)
            with pytest.raises(m.ProofError):
                m.verify_inclusion(index, size, tree.leaves[(index + 1) % 64], proof, root)
            if proof:
                bad = list(proof)
                k = rng.randrange(len(bad))
                bad[k] = bytes([bad[k][0] ^ 1]) + bad[k][1:]
                with pytest.raises(m.ProofError):
                    m.verify_inclusion(index, size, tree.leaves[index], bad, root)
                with pytest.raises(script.Failed):
                    script.verify_inclusion(index, size, tree.leaves[index], bad, root)
        for first in range(1, size + 1):
            proof = tree.consistency_proof(first, size)
            m.verify_consistency(first, size, proof, tree.root(first), root)
            script.verify_consistency(first, size, proof, tree.root(first), root)
            # the same proof read as a subtree consistency proof of [0, first)
            m.verify_subtree_consistency(0, first, size, proof, tree.root(first), root)
            if first < size:
                with pytest.raises(m.ProofError):
                    m.verify_consistency(first, size, proof, tree.root(first), tree.root(size - 1))
                with pytest.raises(m.ProofError):
                    m.verify_consistency(first, size, proof[:-1], tree.root(first), root)


def test_subtree_proofs_generated_and_verified():
    tree = _tree(40)
    for size in range(1, 41):
        for start in range(size):
            for end in range(start + 1, size + 1):
                if not m.subtree_is_valid(start, end):
                    continue
                sub_root = tree.range_hash(start, end)
                proof = tree.hash_ranges(m.subtree_consistency_ranges(start, end, size))
                m.verify_subtree_consistency(start, end, size, proof, sub_root, tree.root(size))
                for index in range(start, end):
                    m.verify_subtree_inclusion(index, start, end, tree.leaves[index],
                                               _subtree_path(tree, index, start, end), sub_root)


def _subtree_path(tree: m.MemoryTree, index: int, start: int, end: int) -> list[bytes]:
    return [tree.range_hash(start + b, start + e) for b, e in m.inclusion_ranges(index - start, end - start)]


def test_proofs_of_impossible_sizes_are_refused_in_chinese():
    tree = _tree(4)
    with pytest.raises(m.ProofError, match="超出"):
        tree.inclusion_proof(4, 4)
    with pytest.raises(m.ProofError, match="一致性证明"):
        tree.consistency_proof(0, 4)
    with pytest.raises(m.ProofError, match="一致性证明"):
        tree.consistency_proof(3, 2)
