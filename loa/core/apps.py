from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "loa.core"
    label = "core"
    verbose_name = "Loa core"

    def ready(self) -> None:
        from . import lookups

        lookups.register()
