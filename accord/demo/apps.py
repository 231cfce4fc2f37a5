from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world and the benchmark data: runs the steps every app registers
    (``accord.core.registry``), so it is the one app that may know them all."""

    name = "accord.demo"
    label = "demo"
