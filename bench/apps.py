from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The developer tools of a source checkout: `loa bench` and `loa fuzz`. Loa itself never imports it."""

    name = "bench"
    label = "bench"
    verbose_name = "Loa benchmarks and fuzzer"
