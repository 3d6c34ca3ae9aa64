"""On PostgreSQL, keep each request's searched words in a B-tree, so a search reads its first matches and stops

The queue counts a search's matches up to a limit (``portal.policy.queue_counts``) and shows
its newest fifty. GIN, the index of ``search_document`` (c8e5a1f3b7d2), answers only with a
bitmap of every match: a word in one title of twelve, at 100,000 requests, cost the count
6 to 7 ms, the bitmap of all 8,000 matches and a heap page read for each match's status;
the page's fifty walked the newest requests, reading each one's row and document to test
it. This table holds the same words, a row for each word of each request, with the
request's status and submission time: a word's rows lie together in ``ix_request_word``,
newest last, so the count reads the first thousand from the index alone and stops, and the
newest fifty are its last fifty (``portal.review.search.word_matches`` and ``word_page``
say when each may be used).

The words are the lexemes of ``search_document`` itself, so the table and the GIN index
cannot disagree on what a request holds. The trigger follows the document (whatever
changed it: a title, the reference, the city or its name), the status and the submission
time; a request's rows go with it (the foreign key cascades). The column is in the "C" collation: bytes order the
words, so a prefix's words are one range of the key, as they are for ``to_tsquery``'s
``:*``.

SQLite keeps no such table: FTS5 counts the same 8,000 matches in about half a millisecond.

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


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_triggers():
    """Create the triggers that keep request_word (PostgreSQL only)."""
    if not _postgresql():
        return
    op.execute(POSTGRESQL_FUNCTION)
    for statement in POSTGRESQL_TRIGGERS.values():
        op.execute(statement)


def drop_triggers():
    """Drop the triggers and their function (PostgreSQL only)."""
    if not _postgresql():
        return
    for name in POSTGRESQL_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON engagement_request")
    op.execute("DROP FUNCTION IF EXISTS request_word_change()")


def upgrade():
    if not _postgresql():
        return
    # The primary key finds a request's rows for the trigger; ix_request_word serves the
    # queue, the status in its leaves (INCLUDE) so that counting reads no heap page.
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
    op.execute("CREATE INDEX ix_request_word ON request_word (word, submitted_at, request_id) "
               "INCLUDE (status)")
    create_triggers()


def downgrade():
    if not _postgresql():
        return
    drop_triggers()
    op.execute("DROP TABLE IF EXISTS request_word")
