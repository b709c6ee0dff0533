"""The nomination and candidate models move to the candidates app (layers: candidates sits above voters).

No row moves: the tables are renamed to the new app's names (elections_nominee → candidates_nominee, …) and the
models leave this app's migration state; candidates/migrations/0001_initial.py takes them into its state
without touching the database. Renaming a table keeps its rows, keys and constraints on SQLite and PostgreSQL.
"""
from django.db import migrations

# Dependents first: the state deletes a model only once nothing left in it points to that model.
MODELS = ["Relation", "Candidate", "NegativeCheck", "Nomination", "CandidatePosting", "Nominee"]


class Migration(migrations.Migration):

    dependencies = [
        ("elections", "0005_person_name_label"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name=name, table=f"candidates_{name.lower()}")
                                 for name in MODELS],
            state_operations=[migrations.DeleteModel(name=name) for name in MODELS],
        ),
    ]
