"""What the knowledge app adds to the shared pages (installed from ``KnowledgeConfig.ready``)."""


def install() -> None:
    pass
