from django.core.management.base import BaseCommand

from supervision.demo import PASSWORD, seed_demo


class Command(BaseCommand):
    help = ("Create (idempotently) the demo district: two street offices, five communities including "
            "110108015001 怡丽北园社区 with 410 households and about 1,200 residents, users for every role and "
            "elections at different stages. Prints the demo logins.")

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins (password for all: %s):" % PASSWORD))
        for username, role in logins:
            self.stdout.write(f"  {username:<16} {role}")
