from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "yuezhifa.themes"
    label = "themes"
    verbose_name = "执法数据主题库"
