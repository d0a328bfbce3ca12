from django.apps import AppConfig


class IamConfig(AppConfig):
    name = "apps.iam"
    label = "iam"
    verbose_name = "Identity and Access Management"

    def ready(self) -> None:
        from apps.core.api import authorization
        from apps.iam import authorization as iam_authorization
        from apps.iam import keys
        from apps.iam.audit import audit_api_request
        from apps.iam.services import policies_seed_managed
        from apps.iam.services.learners import learners_join_all
        from apps.tenants import provisioning

        authorization.install(
            authorizer=iam_authorization.is_allowed,
            sdk_authenticator=keys.authenticate_sdk,
            denial_explainer=iam_authorization.explain_denial,
            auditor=audit_api_request,
        )
        provisioning.register("iam.managed_policies", policies_seed_managed)
        provisioning.register("iam.learners", learners_join_all)
