"""The QR encoder (ISO/IEC 18004) against known values: the Reed-Solomon codewords of the standard's worked example
(“HELLO WORLD”, version 1-M: data 32 91 11 … → error correction 196 35 39 119 235 215 231 226 93 23), the version
information of version 7 (0x07C94) and the format information of level M with mask 0 (0x5412)."""

from yuezhifa.core.qr import _Matrix, _rs_divisor, _rs_remainder, qr_matrix, qr_svg


def test_reed_solomon_of_the_worked_example():
    data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
    assert _rs_remainder(data, _rs_divisor(10)) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]


def test_version_and_format_information():
    m = _Matrix(7)
    m.patterns()
    assert sum(1 << i for i in range(18) if m.dark[i // 3][m.size - 11 + i % 3]) == 0x07C94
    m = _Matrix(1)
    m.format_bits(0)
    first = [m.dark[i][8] for i in range(6)] + [m.dark[7][8], m.dark[8][8], m.dark[8][7]] + \
        [m.dark[8][14 - i] for i in range(9, 15)]
    second = [m.dark[8][m.size - 1 - i] for i in range(8)] + [m.dark[m.size - 15 + i][8] for i in range(8, 15)]
    assert first == second == [(0x5412 >> i) & 1 == 1 for i in range(15)]


def test_a_check_in_url_fits_and_renders():
    url = "https://yzf.gd.gov.cn/jc/" + "eyJhbGciOiJIUzI1NiJ9" * 5 + "/"
    grid = qr_matrix(url)
    assert len(grid) in range(21, 58, 4) and grid[0][:7] == [True] * 7  # a finder pattern in the corner
    assert qr_svg(url).startswith("<svg")
