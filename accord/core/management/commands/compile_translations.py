"""manage.py compile_translations: the French (and any other) catalogue into its .mo file.

Django's compilemessages needs GNU gettext's msgfmt; this needs only polib (a requirement),
so `make demo` works on a machine without gettext. `make demo` and `make test` run it."""

from django.core.management.base import BaseCommand

from accord.core.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues (locale/*/LC_MESSAGES/*.po) into .mo files."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile even when the .mo is newer.")

    def handle(self, *args, **options):
        for path in compile_catalogues(force=options["force"]):
            self.stdout.write(f"compiled {path}")
