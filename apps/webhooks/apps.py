from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "apps.webhooks"
    label = "webhooks"
    verbose_name = "TeacherSeat Webhooks"

    def ready(self) -> None:
        from apps.webhooks import subscribers  # noqa: F401 - registers the fan-out subscriber
