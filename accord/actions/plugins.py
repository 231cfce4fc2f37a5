"""Plug-ins of the actions app (filled in as the app grows)."""


def install() -> None:
    pass
