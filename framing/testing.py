"""pytest helpers for plugin authors (registered as the ``framing`` pytest plugin).

Fixtures are added in :mod:`framing.testing`; this module must stay import-light because
pytest imports it in every environment where framing is installed.
"""
