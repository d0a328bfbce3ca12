from django.apps import AppConfig


class SystemsConfig(AppConfig):
    name = "apps.systems"
    label = "systems"
    verbose_name = "Systems Management"

    def ready(self) -> None:
        from apps.core.api import authorization
        from apps.systems import registry, selectors

        registry.load()  # fail fast on an invalid manifest, naming file and field
        authorization.install(registered=selectors.request_system_is_registered)
