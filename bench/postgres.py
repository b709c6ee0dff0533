"""The benchmarks that need PostgreSQL's concurrency (issuance, the load test) each make a database of their
own beside DATABASE_URL's: its name with a suffix, else a local default."""
import os


def own_database_url(suffix, default_name):
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        base, _slash, name = configured.rpartition("/")
        return f"{base}/{name.split('?')[0]}_{suffix}"
    return f"postgres://postgres@127.0.0.1:5432/{default_name}"


def admin(url, sql):
    """Run CREATE/DROP DATABASE on the server of `url` (connected to its maintenance database)."""
    import psycopg

    base, _slash, _name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)
