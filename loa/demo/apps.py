from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "loa.demo"
    label = "demo"
    verbose_name = "Loa demo data"
