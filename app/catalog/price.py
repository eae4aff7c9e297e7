"""Prices as the app shows them, for every surface that prints one (UI, sheets, CLI).

Plain Python, so the build sheet and the contact sheet format prices exactly like the
summary panel without importing the UI.
"""

from __future__ import annotations

SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€"}


def format_price(amount: int, currency: str = "CNY", lang: str = "en") -> str:
    """``¥88,000``; an unknown currency is written as its code (``GBP 88,000``).

    ``lang`` is accepted for when a language groups digits differently; English and
    Chinese both group by thousands. Callers decide how zero reads ("Included").
    """
    symbol = SYMBOLS.get(currency, currency + " ")
    return f"{symbol}{amount:,}"
