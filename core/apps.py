from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from core import roles, security  # noqa: F401 - security's login receiver notes the idle-timeout start

        # Permissions only exist after migrate has created every app's tables, so roles get theirs then.
        post_migrate.connect(roles.grant_role_permissions, dispatch_uid="core.grant_role_permissions")
        # Every app's lists.py declares its lists (core.lists.ListSpec); the column chooser looks them up by key.
        autodiscover_modules("lists")
