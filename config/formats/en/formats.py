"""English date formats for Accord: day month year everywhere (pages, history, exports), the
way the templates already write dates ("27 Nov 2026"), instead of Django's US default."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
