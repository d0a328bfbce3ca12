from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class TenantsConfig(AppConfig):
    name = "apps.tenants"
    label = "tenants"
    verbose_name = "Tenants"

    def ready(self) -> None:
        from apps.tenants import db_role

        connection_created.connect(db_role.on_connection_created, dispatch_uid="ts-db-role")
        post_migrate.connect(db_role.grant_app_role, dispatch_uid="ts-db-grants")
