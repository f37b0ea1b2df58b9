from django.apps import AppConfig


class TopologyConfig(AppConfig):
    name = "yuezhifa.topology"
    label = "topology"
    verbose_name = "省市两级部署"

    def ready(self):
        from .guard import install

        install()
