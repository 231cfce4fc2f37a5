from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"

    def ready(self) -> None:
        from accord.core.registry import registry
        from accord.accounts.api import router

        registry.urls("accord.accounts.urls", prefix="accounts/")
        registry.api_router(router)
