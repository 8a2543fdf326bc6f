from pathlib import Path

from django.core.management.base import CommandError

from projects.models import User
from reporting.management.year_file import YearFileCommand
from reporting.memo.docx import memo_docx
from reporting.memo.pdf import memo_pdf
from reporting.memo.services import memo_create_draft, memo_figures
from reporting.models import Memo

EXPORTS = {"pdf": memo_pdf, "docx": memo_docx}


class Command(YearFileCommand):
    help = (
        "Write the year's council memo (tjänsteskrivelse) as PDF or Word (docx). A year without "
        "a memo is drafted from the figures first."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--format",
            choices=sorted(EXPORTS),
            default="pdf",
            help="pdf (default) or docx.",
        )
        parser.add_argument(
            "--author",
            help="E-mail of the development coordinator who drafts a new memo "
            "(default: the first active development coordinator).",
        )

    def handle(self, *args, year, output, format="pdf", author=None, **options):
        path = Path(output)
        suffix = path.suffix.lower().lstrip(".")
        # A file named .docx holding a PDF (or the reverse) would not open; say so before writing.
        if suffix in EXPORTS and suffix != format:
            raise CommandError(
                f"--output {path.name} slutar på .{suffix} men --format är {format}; "
                f"ange --format {suffix}."
            )
        memo = Memo.objects.filter(year=year).first()
        if memo is None:
            memo = memo_create_draft(year=year, user=self.author(author))
            self.stdout.write(f"Utkast för {year} skrivet från siffrorna.")
        # In Swedish whatever the command's language, as from the pages.
        data = EXPORTS[format](memo_figures(year), memo)
        self.write(path, data)

    def author(self, email: str | None) -> User:
        users = User.objects.filter(is_active=True)
        if email:
            user = users.filter(email__iexact=email).first()
        else:
            user = (
                users.filter(role=User.Role.DEVELOPMENT_COORDINATOR).order_by("pk").first()
                or users.filter(is_superuser=True).order_by("pk").first()
            )
        if user is None or not user.is_development_coordinator:
            raise CommandError(
                "Ingen utvecklingssamordnare hittades som kan skriva utkastet; ange --author."
            )
        return user
