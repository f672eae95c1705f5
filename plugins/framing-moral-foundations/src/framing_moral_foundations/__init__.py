"""Moral-foundations scoring for framing (an installable plugin package).

The hooks live in :mod:`framing_moral_foundations.plugin` (the ``framing`` entry point);
the lexicon reader in :mod:`framing_moral_foundations.lexicon`.
"""

__version__ = "0.1.0"
