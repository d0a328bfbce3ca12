from django.apps import AppConfig


class SdkApiConfig(AppConfig):
    name = "apps.sdk_api"
    label = "sdk_api"
    verbose_name = "SDK API"
