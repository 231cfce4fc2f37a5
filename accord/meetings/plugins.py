"""Plug-ins of the meetings app (filled in as the app grows)."""


def install() -> None:
    pass
