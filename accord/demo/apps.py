from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world and the benchmark data: runs the steps every app registers
    (``accord.core.registry``), so it is the one app that may know them all."""

    name = "accord.demo"
    label = "demo"

    def ready(self) -> None:
        from accord.core.registry import registry
        from accord.demo import cast

        registry.demo("cast", cast.cast, order=10)
        registry.bench("cast", cast.bench_cast, order=10)
