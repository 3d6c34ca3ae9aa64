"""Search requests by words: a full-text index of reference, titles and city, kept by triggers

The review queue's search read every request (``LIKE '%text%'``); it now asks the database's
own full-text index, which finds the requests holding each word without reading the others.
What is indexed: the request's reference, its title in English and in French, and its
counterpart city's name (``portal.review.search`` asks it).

- SQLite: a contentless FTS5 table, ``request_search``, whose rowid is the request's id
  (tokenizer unicode61, accents removed). A contentless table forgets what it indexed, so
  a row is taken out by giving it the values it was indexed with: the triggers give the old
  request's values and its city's name as stored (a city renamed re-indexes its requests
  first, so the name stored is always the name indexed).
- PostgreSQL: a ``tsvector`` column, ``engagement_request.search_document``, with a GIN
  index; the 'simple' configuration, on text folded as the portal folds a city's name
  (``portal.policy.registry.city_key``: decomposed, accents dropped, lower case, anything
  but letters and digits a space), in SQL, so no extension is needed.

Triggers keep the index whatever writes the rows (the ORM, the benchmark's bulk loads, SQL
by hand). No model describes these objects: ``portal.review.search.kept_by_the_database``
keeps Alembic's comparison from proposing to drop them.

SQLite drops a table's triggers when a migration rebuilds the table (batch mode "move and
copy"): a later migration that rebuilds engagement_request or counterpart_city must call
create_triggers() from this module again. tests/test_queue_search.py fails when the index
goes stale.

Revision ID: c8e5a1f3b7d2
Revises: c4e8a1f7d2b9
Create Date: 2026-11-30 11:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c8e5a1f3b7d2'
down_revision = 'c4e8a1f7d2b9'
branch_labels = None
depends_on = None


_CITY_OF = "(SELECT name FROM counterpart_city WHERE id = {}.counterpart_city_id)"
_ADD = ("INSERT INTO request_search (rowid, reference, title, title_fr, city) "
        "VALUES (NEW.id, NEW.reference, NEW.title, NEW.title_fr, " + _CITY_OF.format("NEW") + ");")
# A contentless FTS5 table takes a row out when told the values it was indexed with.
_REMOVE = ("INSERT INTO request_search (request_search, rowid, reference, title, title_fr, city) "
           "VALUES ('delete', OLD.id, OLD.reference, OLD.title, OLD.title_fr, "
           + _CITY_OF.format("OLD") + ");")


def _reindex_city(old: str, new: str) -> str:
    """Return SQLite statements re-indexing the requests of a city, its name ``old`` -> ``new``."""
    columns = "id, reference, title, title_fr"
    return (
        "INSERT INTO request_search (request_search, rowid, reference, title, title_fr, city) "
        f"SELECT 'delete', {columns}, {old} FROM engagement_request "
        "WHERE counterpart_city_id = OLD.id;\n"
        "INSERT INTO request_search (rowid, reference, title, title_fr, city) "
        f"SELECT {columns}, {new} FROM engagement_request WHERE counterpart_city_id = OLD.id;"
    )


SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE request_search USING fts5("
    "reference, title, title_fr, city, "
    "content='', tokenize='unicode61 remove_diacritics 2')"
)

SQLITE_TRIGGERS = {
    "request_search_insert":
        f"""CREATE TRIGGER request_search_insert AFTER INSERT ON engagement_request
        BEGIN
            {_ADD}
        END""",
    "request_search_update":
        f"""CREATE TRIGGER request_search_update
        AFTER UPDATE OF reference, title, title_fr, counterpart_city_id ON engagement_request
        WHEN OLD.reference IS NOT NEW.reference OR OLD.title IS NOT NEW.title
            OR OLD.title_fr IS NOT NEW.title_fr
            OR OLD.counterpart_city_id IS NOT NEW.counterpart_city_id
        BEGIN
            {_REMOVE}
            {_ADD}
        END""",
    "request_search_delete":
        f"""CREATE TRIGGER request_search_delete AFTER DELETE ON engagement_request
        BEGIN
            {_REMOVE}
        END""",
    "request_search_city_rename":
        f"""CREATE TRIGGER request_search_city_rename AFTER UPDATE OF name ON counterpart_city
        WHEN OLD.name IS NOT NEW.name
        BEGIN
            {_reindex_city("OLD.name", "NEW.name")}
        END""",
    # The foreign key refuses to delete a city that requests name, unless it is deferred
    # (emptying every table at once): its requests are then indexed without a city, as
    # their delete will find them.
    "request_search_city_delete":
        f"""CREATE TRIGGER request_search_city_delete AFTER DELETE ON counterpart_city
        BEGIN
            {_reindex_city("OLD.name", "NULL")}
        END""",
}

# The portal's fold of a city's name (``city_key``), in SQL: decomposed, the combining
# accents dropped, lower case, and anything but letters and digits a space. The parser then
# sees plain words only: left alone, it reads "IAP-2026-0042" as "iap", "-2026", "-0042".
POSTGRESQL_FUNCTIONS = (
    r"""CREATE FUNCTION request_search_document(reference text, title text, title_fr text,
                                                city text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('simple', regexp_replace(lower(regexp_replace(
            normalize(concat_ws(' ', reference, title, title_fr, city), NFKD),
            '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g')),
            '[^[:alnum:]]+', ' ', 'g'))
    $$""",
    """CREATE FUNCTION request_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := request_search_document(
            NEW.reference, NEW.title, NEW.title_fr,
            (SELECT name FROM counterpart_city WHERE id = NEW.counterpart_city_id));
        RETURN NEW;
    END
    $$""",
    """CREATE FUNCTION request_search_city_rename() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE engagement_request
        SET search_document = request_search_document(reference, title, title_fr, NEW.name)
        WHERE counterpart_city_id = NEW.id;
        RETURN NULL;
    END
    $$""",
)

POSTGRESQL_TRIGGERS = {
    "request_search_index": (
        "engagement_request",
        """CREATE TRIGGER request_search_index
        BEFORE INSERT OR UPDATE OF reference, title, title_fr, counterpart_city_id
        ON engagement_request FOR EACH ROW EXECUTE FUNCTION request_search_index()"""),
    "request_search_city_rename": (
        "counterpart_city",
        """CREATE TRIGGER request_search_city_rename AFTER UPDATE OF name ON counterpart_city
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
        EXECUTE FUNCTION request_search_city_rename()"""),
}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_triggers():
    """Create the triggers that keep the search index (and PostgreSQL's functions)."""
    if _postgresql():
        for statement in POSTGRESQL_FUNCTIONS:
            op.execute(statement)
        for _table, statement in POSTGRESQL_TRIGGERS.values():
            op.execute(statement)
        return
    for statement in SQLITE_TRIGGERS.values():
        op.execute(statement)


def drop_triggers():
    """Drop the triggers (and PostgreSQL's functions)."""
    if _postgresql():
        for name, (table, _statement) in POSTGRESQL_TRIGGERS.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name in ("request_search_city_rename()", "request_search_index()",
                     "request_search_document(text, text, text, text)"):
            op.execute(f"DROP FUNCTION IF EXISTS {name}")
        return
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade():
    if _postgresql():
        op.execute("ALTER TABLE engagement_request ADD COLUMN search_document tsvector")
        create_triggers()
        # The requests stored so far; the trigger keeps the ones written from now on.
        op.execute(
            "UPDATE engagement_request SET search_document = request_search_document("
            "reference, title, title_fr, " + _CITY_OF.format("engagement_request") + ")")
        op.execute("CREATE INDEX ix_request_search ON engagement_request "
                   "USING gin (search_document)")
        return
    op.execute(SQLITE_TABLE)
    op.execute(
        "INSERT INTO request_search (rowid, reference, title, title_fr, city) "
        "SELECT r.id, r.reference, r.title, r.title_fr, c.name FROM engagement_request r "
        "LEFT JOIN counterpart_city c ON c.id = r.counterpart_city_id")
    create_triggers()


def downgrade():
    drop_triggers()
    if _postgresql():
        op.execute("DROP INDEX IF EXISTS ix_request_search")
        op.execute("ALTER TABLE engagement_request DROP COLUMN IF EXISTS search_document")
        return
    op.execute("DROP TABLE IF EXISTS request_search")
