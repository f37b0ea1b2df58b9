"""A small QR code encoder (ISO/IEC 18004): byte mode, error correction level M, versions 1 to 10 (up to 213 bytes),
as an inline SVG. Enough for a URL such as an inspection's 检查码 page; the project ships no QR library.

The construction follows the standard step by step: data bits, Reed-Solomon blocks interleaved, function patterns,
the zigzag placement, the mask with the lowest penalty, format and version information.
"""

from __future__ import annotations

# version: (total codewords, error-correction codewords per block, number of blocks) at level M
_M = {1: (26, 10, 1), 2: (44, 16, 1), 3: (70, 26, 1), 4: (100, 18, 2), 5: (134, 24, 2), 6: (172, 16, 4),
      7: (196, 18, 4), 8: (242, 22, 4), 9: (292, 22, 5), 10: (346, 26, 5)}
_ALIGN = {1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42],
          9: [6, 26, 46], 10: [6, 28, 50]}
_ECL_M = 0  # format bits of level M
_MASKS = (
    lambda x, y: (x + y) % 2 == 0,
    lambda x, y: y % 2 == 0,
    lambda x, y: x % 3 == 0,
    lambda x, y: (x + y) % 3 == 0,
    lambda x, y: (x // 3 + y // 2) % 2 == 0,
    lambda x, y: x * y % 2 + x * y % 3 == 0,
    lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
    lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0,
)


def _gf_mul(x: int, y: int) -> int:
    z = 0
    for i in reversed(range(8)):
        z = (z << 1) ^ ((z >> 7) * 0x11D)
        z ^= ((y >> i) & 1) * x
    return z


def _rs_divisor(degree: int) -> list[int]:
    result = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for j in range(degree):
            result[j] = _gf_mul(result[j], root)
            if j + 1 < degree:
                result[j] ^= result[j + 1]
        root = _gf_mul(root, 0x02)
    return result


def _rs_remainder(data: list[int], divisor: list[int]) -> list[int]:
    result = [0] * len(divisor)
    for b in data:
        factor = b ^ result.pop(0)
        result.append(0)
        for i, coef in enumerate(divisor):
            result[i] ^= _gf_mul(coef, factor)
    return result


def _version_for(length: int) -> int:
    for version, (total, ecc, blocks) in _M.items():
        count_bits = 8 if version < 10 else 16
        if 4 + count_bits + 8 * length <= (total - ecc * blocks) * 8:
            return version
    raise ValueError("内容过长，无法生成二维码。")


def _codewords(data: bytes, version: int) -> list[int]:
    total, ecc, num_blocks = _M[version]
    capacity = total - ecc * num_blocks
    bits: list[int] = []

    def put(value: int, n: int) -> None:
        bits.extend((value >> i) & 1 for i in reversed(range(n)))

    put(0b0100, 4)
    put(len(data), 8 if version < 10 else 16)
    for b in data:
        put(b, 8)
    put(0, min(4, capacity * 8 - len(bits)))
    put(0, (-len(bits)) % 8)
    words = [int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8)]
    pad = 0xEC
    while len(words) < capacity:
        words.append(pad)
        pad ^= 0xEC ^ 0x11
    # split into blocks (the short ones first), add error correction, interleave
    short_blocks = num_blocks - total % num_blocks
    short_len = total // num_blocks
    divisor = _rs_divisor(ecc)
    blocks, k = [], 0
    for i in range(num_blocks):
        n = short_len - ecc + (0 if i < short_blocks else 1)
        chunk = words[k:k + n]
        k += n
        remainder = _rs_remainder(chunk, divisor)
        if i < short_blocks:
            chunk = [*chunk, 0]
        blocks.append(chunk + remainder)
    out = []
    for i in range(len(blocks[0])):
        for j, block in enumerate(blocks):
            if i != short_len - ecc or j >= short_blocks:
                out.append(block[i])
    return out


class _Matrix:
    def __init__(self, version: int):
        self.version = version
        self.size = version * 4 + 17
        self.dark = [[False] * self.size for _ in range(self.size)]
        self.function = [[False] * self.size for _ in range(self.size)]

    def set(self, x: int, y: int, dark: bool) -> None:
        self.dark[y][x] = dark
        self.function[y][x] = True

    def patterns(self) -> None:
        size = self.size
        for i in range(size):
            self.set(6, i, i % 2 == 0)
            self.set(i, 6, i % 2 == 0)
        for cx, cy in ((3, 3), (size - 4, 3), (3, size - 4)):
            for dy in range(-4, 5):
                for dx in range(-4, 5):
                    x, y = cx + dx, cy + dy
                    if 0 <= x < size and 0 <= y < size:
                        self.set(x, y, max(abs(dx), abs(dy)) not in (2, 4))
        positions = _ALIGN[self.version]
        last = len(positions) - 1
        for i, a in enumerate(positions):
            for j, b in enumerate(positions):
                if (i, j) in ((0, 0), (0, last), (last, 0)):
                    continue
                for dy in range(-2, 3):
                    for dx in range(-2, 3):
                        self.set(a + dx, b + dy, max(abs(dx), abs(dy)) != 1)
        self.format_bits(0)  # reserve the areas; drawn again with the chosen mask
        if self.version >= 7:
            rem = self.version
            for _ in range(12):
                rem = (rem << 1) ^ ((rem >> 11) * 0x1F25)
            bits = self.version << 12 | rem
            for i in range(18):
                bit = (bits >> i) & 1 == 1
                a, b = size - 11 + i % 3, i // 3
                self.set(a, b, bit)
                self.set(b, a, bit)

    def format_bits(self, mask: int) -> None:
        data = _ECL_M << 3 | mask
        rem = data
        for _ in range(10):
            rem = (rem << 1) ^ ((rem >> 9) * 0x537)
        bits = (data << 10 | rem) ^ 0x5412
        size = self.size

        def bit(i: int) -> bool:
            return (bits >> i) & 1 == 1

        for i in range(6):
            self.set(8, i, bit(i))
        self.set(8, 7, bit(6))
        self.set(8, 8, bit(7))
        self.set(7, 8, bit(8))
        for i in range(9, 15):
            self.set(14 - i, 8, bit(i))
        for i in range(8):
            self.set(size - 1 - i, 8, bit(i))
        for i in range(8, 15):
            self.set(8, size - 15 + i, bit(i))
        self.set(8, size - 8, True)

    def place(self, codewords: list[int]) -> None:
        size, i, total = self.size, 0, len(codewords) * 8
        right = size - 1
        while right >= 1:
            if right == 6:
                right = 5
            for vert in range(size):
                for j in range(2):
                    x = right - j
                    upward = ((right + 1) & 2) == 0
                    y = size - 1 - vert if upward else vert
                    if not self.function[y][x] and i < total:
                        self.dark[y][x] = (codewords[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
            right -= 2

    def masked(self, mask: int) -> list[list[bool]]:
        test = _MASKS[mask]
        return [[d ^ (not f and test(x, y)) for x, (d, f) in enumerate(zip(row, frow, strict=True))]
                for y, (row, frow) in enumerate(zip(self.dark, self.function, strict=True))]


def _penalty(grid: list[list[bool]]) -> int:
    """Runs of five or more (rule 1), 2×2 blocks (rule 2) and the dark/light balance (rule 4)."""
    size, score = len(grid), 0
    for lines in (grid, [list(col) for col in zip(*grid, strict=True)]):
        for line in lines:
            run, prev = 0, None
            for cell in line:
                run = run + 1 if cell == prev else 1
                prev = cell
                if run == 5:
                    score += 3
                elif run > 5:
                    score += 1
    for y in range(size - 1):
        for x in range(size - 1):
            if grid[y][x] == grid[y][x + 1] == grid[y + 1][x] == grid[y + 1][x + 1]:
                score += 3
    dark = sum(map(sum, grid))
    score += abs(dark * 20 - size * size * 10) // (size * size) * 10
    return score


def qr_matrix(text: str) -> list[list[bool]]:
    data = text.encode("utf-8")
    version = _version_for(len(data))
    matrix = _Matrix(version)
    matrix.patterns()
    matrix.place(_codewords(data, version))
    best = None
    for mask in range(8):
        matrix.format_bits(mask)
        grid = matrix.masked(mask)
        score = _penalty(grid)
        if best is None or score < best[0]:
            best = (score, mask, grid)
    matrix.format_bits(best[1])
    return matrix.masked(best[1])


def qr_svg(text: str, *, scale: int = 4, border: int = 4, title: str = "二维码") -> str:
    """The QR code of ``text`` as an SVG element (dark modules as one path), with a quiet zone of ``border``
    modules."""
    grid = qr_matrix(text)
    n = len(grid) + 2 * border
    parts = [f"M{x + border},{y + border}h1v1h-1z" for y, row in enumerate(grid) for x, dark in enumerate(row) if dark]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{n * scale}" height="{n * scale}" '
            f'role="img" aria-label="{title}" shape-rendering="crispEdges"><rect width="100%" height="100%" '
            f'fill="#fff"/><path d="{"".join(parts)}" fill="#000"/></svg>')
