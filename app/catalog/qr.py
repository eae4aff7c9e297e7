"""The QR code of a build: its share code, or the centre's share link holding it.

The matrix comes from the ``qrcode`` package (well kept, pure Python); painting it is
left to whoever shows it (the summary panel's pixmap, the printed build sheet).
"""

from __future__ import annotations

import numpy as np
import qrcode

#: What a share link pattern must contain: where the share code goes.
CODE_FIELD = "{code}"


def qr_matrix(text: str) -> np.ndarray:
    """(n, n) bool, True for a dark module, quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def check_link(pattern: str) -> str:
    """``pattern`` if it has a place for the code, else ValueError saying so."""
    if CODE_FIELD not in pattern:
        raise ValueError(
            f"a share link needs {CODE_FIELD} where the code goes, "
            f"like https://example.com/b/{CODE_FIELD}; got {pattern!r}"
        )
    return pattern


def qr_text(code: str, link: str | None = None) -> str:
    """What the QR code holds: the link with the (plain) code in it, else the code."""
    return check_link(link).replace(CODE_FIELD, code) if link else code
