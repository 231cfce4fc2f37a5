from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"

    def ready(self) -> None:
        from accord.accounts.services import api_token_authenticate
        from accord.core.registry import registry

        registry.urls("accord.accounts.urls", prefix="accounts/")
        registry.api_router("accord.accounts.api.router")
        registry.api_token_check(api_token_authenticate)
