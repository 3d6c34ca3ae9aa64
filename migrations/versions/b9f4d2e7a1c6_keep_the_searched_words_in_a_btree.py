"""Keep each request's searched words in a B-tree, so a search reads its first matches and stops

The queue counts a search's matches up to a limit (``portal.policy.queue_counts``) and shows
its newest fifty. The full-text indexes (c8e5a1f3b7d2) find every match before giving the
first: at 100,000 requests a word in one title of twelve has 8,000. On PostgreSQL, GIN
answers only with a bitmap of all of them, and the count then read a heap page for each
match's status (6 to 7 ms); on SQLite, FTS5 gathers a prefix's whole list before its first
match (about 1 ms for the count, and the page's fifty kept all 8,000 in a temporary table to
test the newest requests against). ``request_word`` holds the same words, a row for each
word of each request, with the request's status and submission time: a word's rows lie
together in ``ix_request_word``, newest last, so the count reads the first thousand from
the index alone and stops, and the newest fifty are its last fifty
(``portal.review.search.word_matches`` and ``word_page`` say when each may be used).

The words are the full-text index's own, so the two cannot disagree on what a request
holds, and ordered by their bytes, so that a prefix's words are one range of the key:
- PostgreSQL: the lexemes of ``search_document``, in the "C" collation. A trigger follows
  the document (whatever changed it: a title, the reference, the city or its name), the
  status and the submission time; a request's rows go with it (the foreign key cascades).
- SQLite: SQL cannot cut text into words, but FTS5 can. The triggers give the request's
  text to ``request_word_scratch``, an FTS5 table of the search's tokenizer that is empty
  between two statements, read the words it found through ``request_word_scratch_terms``
  (fts5vocab, with each word's request), and empty it. They follow the columns
  ``request_search``'s triggers follow, the status and the submission time, and a
  request's deletion.

SQLite drops a table's triggers when a migration rebuilds the table (batch mode "move and
copy"): a later migration that rebuilds engagement_request or counterpart_city must call
create_triggers() from this module again. tests/test_queue_search_words.py fails when the
words go stale.

Revision ID: b9f4d2e7a1c6
Revises: e4b9c2d7a1f8
Create Date: 2026-12-03 14:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b9f4d2e7a1c6'
down_revision = 'e4b9c2d7a1f8'
branch_labels = None
depends_on = None


_WORDS = ("INSERT INTO request_word (word, request_id, status, submitted_at) "
          "SELECT word, NEW.id, NEW.status, NEW.submitted_at "
          "FROM unnest(tsvector_to_array(NEW.search_document)) AS word;")

POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION request_word_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.search_document IS NOT DISTINCT FROM NEW.search_document THEN
            UPDATE request_word SET status = NEW.status, submitted_at = NEW.submitted_at
            WHERE request_id = NEW.id;
            RETURN NULL;
        END IF;
        DELETE FROM request_word WHERE request_id = NEW.id;
    END IF;
    {_WORDS}
    RETURN NULL;
END
$$"""

POSTGRESQL_TRIGGERS = {
    "request_word_insert":
        """CREATE TRIGGER request_word_insert AFTER INSERT ON engagement_request
        FOR EACH ROW EXECUTE FUNCTION request_word_change()""",
    # Any column the search trigger reads, the document itself (a city renamed writes it),
    # the status and the submission time; only a change of one of the last three counts.
    "request_word_update":
        """CREATE TRIGGER request_word_update
        AFTER UPDATE OF reference, title, title_fr, counterpart_city_id, search_document,
            status, submitted_at ON engagement_request
        FOR EACH ROW WHEN (OLD.search_document IS DISTINCT FROM NEW.search_document
                           OR OLD.status IS DISTINCT FROM NEW.status
                           OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at)
        EXECUTE FUNCTION request_word_change()""",
}

SQLITE_SCRATCH = (
    "CREATE VIRTUAL TABLE request_word_scratch USING fts5("
    "reference, title, title_fr, city, "
    "content='', tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE request_word_scratch_terms "
    "USING fts5vocab(request_word_scratch, 'instance')",
)


def _sqlite_words(requests: str, city: str) -> str:
    """Return SQLite statements writing the words of ``requests`` (a WHERE on them, ``r``).

    ``city``: the SQL of the city's name as indexed (``r``'s city's, or a name given).
    """
    return (
        "INSERT INTO request_word_scratch (rowid, reference, title, title_fr, city) "
        f"SELECT r.id, r.reference, r.title, r.title_fr, {city} "
        f"FROM engagement_request r WHERE {requests};\n"
        "INSERT INTO request_word (word, request_id, status, submitted_at) "
        "SELECT DISTINCT t.term, r.id, r.status, r.submitted_at "
        "FROM request_word_scratch_terms t JOIN engagement_request r ON r.id = t.doc;\n"
        "INSERT INTO request_word_scratch (request_word_scratch) VALUES ('delete-all');")


_CITY = "(SELECT name FROM counterpart_city WHERE id = r.counterpart_city_id)"

SQLITE_TRIGGERS = {
    "request_word_insert":
        f"""CREATE TRIGGER request_word_insert AFTER INSERT ON engagement_request
        BEGIN
            {_sqlite_words("r.id = NEW.id", _CITY)}
        END""",
    "request_word_update":
        f"""CREATE TRIGGER request_word_update
        AFTER UPDATE OF reference, title, title_fr, counterpart_city_id ON engagement_request
        WHEN OLD.reference IS NOT NEW.reference OR OLD.title IS NOT NEW.title
            OR OLD.title_fr IS NOT NEW.title_fr
            OR OLD.counterpart_city_id IS NOT NEW.counterpart_city_id
        BEGIN
            DELETE FROM request_word WHERE request_id = NEW.id;
            {_sqlite_words("r.id = NEW.id", _CITY)}
        END""",
    # Only when the words stay: request_word_update writes them anew with the new status
    # (a submission changes the reference, the status and the time at once).
    "request_word_status":
        """CREATE TRIGGER request_word_status
        AFTER UPDATE OF status, submitted_at ON engagement_request
        WHEN (OLD.status IS NOT NEW.status OR OLD.submitted_at IS NOT NEW.submitted_at)
            AND OLD.reference IS NEW.reference AND OLD.title IS NEW.title
            AND OLD.title_fr IS NEW.title_fr
            AND OLD.counterpart_city_id IS NEW.counterpart_city_id
        BEGIN
            UPDATE request_word SET status = NEW.status, submitted_at = NEW.submitted_at
            WHERE request_id = NEW.id;
        END""",
    "request_word_delete":
        """CREATE TRIGGER request_word_delete AFTER DELETE ON engagement_request
        BEGIN
            DELETE FROM request_word WHERE request_id = OLD.id;
        END""",
    "request_word_city_rename":
        f"""CREATE TRIGGER request_word_city_rename AFTER UPDATE OF name ON counterpart_city
        WHEN OLD.name IS NOT NEW.name
        BEGIN
            DELETE FROM request_word WHERE request_id IN
                (SELECT id FROM engagement_request WHERE counterpart_city_id = OLD.id);
            {_sqlite_words("r.counterpart_city_id = OLD.id", "NEW.name")}
        END""",
    # As request_search_city_delete: the requests of a city deleted (foreign keys deferred)
    # keep their words without a city.
    "request_word_city_delete":
        f"""CREATE TRIGGER request_word_city_delete AFTER DELETE ON counterpart_city
        BEGIN
            DELETE FROM request_word WHERE request_id IN
                (SELECT id FROM engagement_request WHERE counterpart_city_id = OLD.id);
            {_sqlite_words("r.counterpart_city_id = OLD.id", "NULL")}
        END""",
}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_triggers():
    """Create the triggers that keep request_word (and PostgreSQL's function)."""
    if _postgresql():
        op.execute(POSTGRESQL_FUNCTION)
        statements = POSTGRESQL_TRIGGERS
    else:
        statements = SQLITE_TRIGGERS
    for statement in statements.values():
        op.execute(statement)


def drop_triggers():
    """Drop the triggers (and PostgreSQL's function)."""
    if _postgresql():
        for name in POSTGRESQL_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON engagement_request")
        op.execute("DROP FUNCTION IF EXISTS request_word_change()")
        return
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade():
    if _postgresql():
        # The primary key finds a request's rows for the trigger; ix_request_word serves
        # the queue, the status in its leaves (INCLUDE) so that counting reads no heap page.
        op.execute(
            'CREATE TABLE request_word ('
            'word text COLLATE "C" NOT NULL, '
            'request_id integer NOT NULL '
            'CONSTRAINT fk_request_word_request_id_engagement_request '
            'REFERENCES engagement_request (id) ON DELETE CASCADE, '
            'status varchar(32) NOT NULL, '
            'submitted_at timestamp without time zone, '
            'CONSTRAINT pk_request_word PRIMARY KEY (request_id, word))')
        op.execute("INSERT INTO request_word (word, request_id, status, submitted_at) "
                   "SELECT word, r.id, r.status, r.submitted_at FROM engagement_request r, "
                   "unnest(tsvector_to_array(r.search_document)) AS word")
        op.execute("CREATE INDEX ix_request_word ON request_word "
                   "(word, submitted_at, request_id) INCLUDE (status)")
    else:
        # SQLite compares text by its bytes (BINARY) unless told otherwise; the index holds
        # the status too, so that counting reads the index alone. A delete trigger, not a
        # foreign key, takes a request's rows away: SQL by hand may run without foreign keys.
        op.execute(
            "CREATE TABLE request_word ("
            "word TEXT NOT NULL, request_id INTEGER NOT NULL, status VARCHAR(32) NOT NULL, "
            "submitted_at DATETIME, "
            "CONSTRAINT pk_request_word PRIMARY KEY (request_id, word)) WITHOUT ROWID")
        for statement in SQLITE_SCRATCH:
            op.execute(statement)
        for statement in _sqlite_words("1", _CITY).split(";\n"):
            op.execute(statement)
        op.execute("CREATE INDEX ix_request_word ON request_word "
                   "(word, submitted_at, request_id, status)")
    create_triggers()


def downgrade():
    drop_triggers()
    op.execute("DROP TABLE IF EXISTS request_word")
    if not _postgresql():
        op.execute("DROP TABLE IF EXISTS request_word_scratch_terms")
        op.execute("DROP TABLE IF EXISTS request_word_scratch")
