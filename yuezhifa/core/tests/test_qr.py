"""The 检查码 as inline SVG: a check-in URL of realistic length is encoded at level M and the SVG carries its name."""

import segno

from yuezhifa.core.qr import qr_svg


def test_a_check_in_url_renders_as_inline_svg():
    url = "https://yzf.gd.gov.cn/jc/" + "eyJhbGciOiJIUzI1NiJ9" * 5 + "/"
    svg = qr_svg(url, title="检查码")
    assert svg.startswith("<svg") and 'aria-label="检查码"' in svg and "<?xml" not in svg
    code = segno.make(url, error="m", micro=False)
    assert code.error == "M" and code.designator.startswith(str(code.version))
