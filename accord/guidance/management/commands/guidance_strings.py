"""manage.py guidance_strings: write accord/guidance/strings.py from the guidance YAML, so that
makemessages puts every guidance text in the translation catalogue. Run it after editing
accord/guidance/data/*.yaml, then makemessages."""

from django.core.management.base import BaseCommand

from accord.guidance.translatable import MODULE, module_source


class Command(BaseCommand):
    help = "Write accord/guidance/strings.py (the guidance texts, for makemessages)."

    def handle(self, *args, **options):
        source = module_source()
        if MODULE.exists() and MODULE.read_text(encoding="utf-8") == source:
            self.stdout.write(f"{MODULE} is up to date")
            return
        MODULE.write_text(source, encoding="utf-8")
        self.stdout.write(f"wrote {MODULE}")
