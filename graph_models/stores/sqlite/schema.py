"""The SQLite store's tables and indexes, and the method that creates them.

A stakeholder is one row with its full record as JSON, plus the indexed columns and the facet
rows (sectors, needs, offers, languages) that searches filter on; the other objects likewise
keep their plain record as JSON beside the columns they are found and ordered by. Foreign keys
cascade, so erasing a stakeholder erases its ties, memberships, the requests, blocks and
mentorships it is part of; erasing a user its tokens, sessions and notifications. Times are
ISO text, so that text order is time order. Triggers fill the change feed (see
:mod:`graph_models.stores.sqlite.changes`).
"""

from __future__ import annotations

import sqlite3

from graph_models.domain.search_keys import SEARCH_KEY_VERSION
from graph_models.stores.sqlite.connection import (
    REBUILD_MARKER,
    STAKEHOLDER_CHANGE,
    TIE_CHANGE,
    SqliteConnection,
)
from graph_models.stores.sqlite.introductions import OPEN_STATES_IN_SQL
from graph_models.stores.sqlite.stakeholders import stakeholder_from_row

# Triggers record every stakeholder and tie written, under the version the write made (its
# first statement bumped it), so that no write can forget to; ties deleted by the cascade of a
# stakeholder's deletion included. A version with a rebuild marker records nothing more.
# Table, kind and row names are fixed here: safe to build the statements from.
CHANGE_TRIGGERS = tuple(
    f"""CREATE TRIGGER IF NOT EXISTS change_feed_{table}_{event.lower()}
        AFTER {event} ON {table} BEGIN
        INSERT OR IGNORE INTO change_feed (version, kind, id)
        SELECT value, '{kind}', {row}.id FROM meta WHERE key = 'version' AND NOT EXISTS (
            SELECT 1 FROM change_feed WHERE version = meta.value AND kind = '{REBUILD_MARKER}');
        END"""  # noqa: S608 - fixed names only
    for table, kind in (("stakeholders", STAKEHOLDER_CHANGE), ("ties", TIE_CHANGE))
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")))

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL)""",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0)",
    # The change feed holds every version after this one (a store made before the feed
    # starts it at the version it had then).
    "INSERT OR IGNORE INTO meta (key, value) SELECT 'changes_from', value FROM meta "
    "WHERE key = 'version'",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('lineage', random() & 9223372036854775807)",
    # -- stakeholders and ties ---------------------------------------------------------------
    """CREATE TABLE IF NOT EXISTS stakeholders (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        external_id TEXT,
        name TEXT NOT NULL,
        sort_name TEXT NOT NULL,
        region TEXT NOT NULL,
        discoverable INTEGER NOT NULL,
        search_text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        record TEXT NOT NULL,
        UNIQUE (kind, external_id))""",
    "CREATE INDEX IF NOT EXISTS stakeholders_by_region ON stakeholders (region)",
    "CREATE INDEX IF NOT EXISTS stakeholders_by_kind_name ON stakeholders (kind, sort_name)",
    "CREATE INDEX IF NOT EXISTS stakeholders_by_name ON stakeholders (sort_name)",
    """CREATE TABLE IF NOT EXISTS stakeholder_facets (
        facet TEXT NOT NULL,
        value TEXT NOT NULL,
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        PRIMARY KEY (facet, value, stakeholder_id)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS stakeholder_facets_by_stakeholder
        ON stakeholder_facets (stakeholder_id)""",
    """CREATE TABLE IF NOT EXISTS ties (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        source TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        target TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        natural_key TEXT NOT NULL UNIQUE,
        since TEXT NOT NULL,
        weight REAL NOT NULL,
        external_id TEXT,
        strength INTEGER,
        amount REAL,
        instrument TEXT,
        topic TEXT,
        via TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS ties_by_source ON ties (source)",
    "CREATE INDEX IF NOT EXISTS ties_by_target ON ties (target)",
    # -- the change feed ----------------------------------------------------------------------
    # kind is 'stakeholder', 'tie', or 'rebuild' (with id ''): a write too large to replay.
    """CREATE TABLE IF NOT EXISTS change_feed (
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (version, kind, id)) WITHOUT ROWID""",
    *CHANGE_TRIGGERS,
    # -- accounts and audit ------------------------------------------------------------------
    """CREATE TABLE IF NOT EXISTS users (
        id TEXT PRIMARY KEY,
        username_key TEXT NOT NULL UNIQUE,
        username TEXT NOT NULL,
        record TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS memberships (
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, stakeholder_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS memberships_by_stakeholder ON memberships (stakeholder_id)",
    """CREATE TABLE IF NOT EXISTS api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id, created_at)",
    """CREATE TABLE IF NOT EXISTS audit (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT,
        action TEXT NOT NULL,
        object_type TEXT NOT NULL,
        object_id TEXT NOT NULL,
        region TEXT,
        from_state TEXT,
        to_state TEXT,
        fields TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS audit_by_object ON audit (object_id, at)",
    "CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at)",
    # -- introductions, blocks and notifications ---------------------------------------------
    """CREATE TABLE IF NOT EXISTS introductions (
        id TEXT PRIMARY KEY,
        requester_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        target_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        broker_id TEXT REFERENCES stakeholders (id) ON DELETE CASCADE,
        region TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        state_changed_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    # At most one open request per pair, whoever sends it and however fast.
    f"""CREATE UNIQUE INDEX IF NOT EXISTS introductions_one_open_per_pair
        ON introductions (requester_id, target_id) WHERE state IN ({OPEN_STATES_IN_SQL})""",
    "CREATE INDEX IF NOT EXISTS introductions_by_requester ON introductions (requester_id)",
    "CREATE INDEX IF NOT EXISTS introductions_by_target ON introductions (target_id)",
    "CREATE INDEX IF NOT EXISTS introductions_by_broker ON introductions (broker_id)",
    "CREATE INDEX IF NOT EXISTS introductions_by_change ON introductions (state_changed_at)",
    """CREATE TABLE IF NOT EXISTS introduction_events (
        introduction_id TEXT NOT NULL REFERENCES introductions (id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (introduction_id, revision)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS blocks (
        target_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        requester_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (target_id, requester_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS blocks_by_requester ON blocks (requester_id)",
    """CREATE TABLE IF NOT EXISTS notifications (
        id TEXT PRIMARY KEY,
        recipient_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        introduction_id TEXT REFERENCES introductions (id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS notifications_by_recipient
        ON notifications (recipient_id, created_at)""",
    "CREATE INDEX IF NOT EXISTS notifications_by_state ON notifications (state, created_at)",
    """CREATE INDEX IF NOT EXISTS notifications_by_introduction
        ON notifications (introduction_id, state)""",
    # -- idempotency keys --------------------------------------------------------------------
    # The table before claims had request ids kept secrets and erased data in its answers.
    "DROP TABLE IF EXISTS idempotency_keys",
    """CREATE TABLE IF NOT EXISTS idempotency_claims (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status INTEGER,
        body TEXT,
        request_id TEXT NOT NULL,
        effect TEXT,
        released INTEGER NOT NULL,
        erased INTEGER NOT NULL,
        erased_meanwhile TEXT NOT NULL,
        PRIMARY KEY (user_id, key)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS idempotency_claims_by_age
        ON idempotency_claims (created_at)""",
    # -- mentorship --------------------------------------------------------------------------
    """CREATE TABLE IF NOT EXISTS programmes (
        id TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS programmes_by_time ON programmes (created_at)",
    """CREATE TABLE IF NOT EXISTS mentorships (
        id TEXT PRIMARY KEY,
        programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
        mentee_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        mentor_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        region TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        record TEXT NOT NULL)""",
    # A mentee has one mentor per programme, however often the programme is published.
    """CREATE UNIQUE INDEX IF NOT EXISTS mentorships_one_per_mentee
        ON mentorships (programme_id, mentee_id)""",
    "CREATE INDEX IF NOT EXISTS mentorships_by_mentee ON mentorships (mentee_id)",
    "CREATE INDEX IF NOT EXISTS mentorships_by_mentor ON mentorships (mentor_id)",
    """CREATE TABLE IF NOT EXISTS mentorship_sessions (
        id TEXT PRIMARY KEY,
        mentorship_id TEXT NOT NULL REFERENCES mentorships (id) ON DELETE CASCADE,
        on_day TEXT NOT NULL,
        logged_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS mentorship_sessions_by_mentorship
        ON mentorship_sessions (mentorship_id, on_day)""",
    # -- sign-in sessions and login attempts -------------------------------------------------
    """CREATE TABLE IF NOT EXISTS login_sessions (
        digest TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_digest TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS login_sessions_by_user ON login_sessions (user_id)",
    "CREATE INDEX IF NOT EXISTS login_sessions_by_end ON login_sessions (expires_at)",
    "CREATE INDEX IF NOT EXISTS login_sessions_by_use ON login_sessions (last_seen_at)",
    # Replaced by username_attempts, which keeps when a lock ends; the counts it held last
    # minutes only, so they are not carried over.
    "DROP TABLE IF EXISTS login_attempts",
    """CREATE TABLE IF NOT EXISTS username_attempts (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        last_at TEXT NOT NULL,
        locked_until TEXT) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS username_attempts_by_time ON username_attempts (last_at)",
    "CREATE INDEX IF NOT EXISTS username_attempts_by_lock ON username_attempts (locked_until)",
    # -- invitations: one-time links to set an account's password ----------------------------
    """CREATE TABLE IF NOT EXISTS invitations (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        digest TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS invitations_by_user ON invitations (user_id)",
    # -- consulting: needs assessments, their personal links and answers; workshops ----------
    """CREATE TABLE IF NOT EXISTS assessments (
        id TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS assessment_links (
        id TEXT PRIMARY KEY,
        assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        digest TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL,
        UNIQUE (assessment_id, stakeholder_id))""",
    "CREATE INDEX IF NOT EXISTS assessment_links_by_stakeholder "
    "ON assessment_links (stakeholder_id)",
    """CREATE TABLE IF NOT EXISTS assessment_responses (
        id TEXT PRIMARY KEY,
        assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        link_id TEXT NOT NULL UNIQUE REFERENCES assessment_links (id) ON DELETE CASCADE,
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        submitted_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS assessment_responses_by_assessment "
    "ON assessment_responses (assessment_id, submitted_at)",
    "CREATE INDEX IF NOT EXISTS assessment_responses_by_stakeholder "
    "ON assessment_responses (stakeholder_id)",
    """CREATE TABLE IF NOT EXISTS workshops (
        id TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        held_on TEXT NOT NULL,
        record TEXT NOT NULL)""",
    # -- plans: Local Action Plans and their revisions ----------------------------------------
    """CREATE TABLE IF NOT EXISTS plans (
        id TEXT PRIMARY KEY,
        territory TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS plans_by_time ON plans (created_at)",
    """CREATE TABLE IF NOT EXISTS plan_revisions (
        plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (plan_id, revision)) WITHOUT ROWID""",
    # -- activities (training and networking): registrations, meetings, ties formed ----------
    """CREATE TABLE IF NOT EXISTS activities (
        id TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        kind TEXT NOT NULL,
        plan_id TEXT,
        starts_on TEXT NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS activities_by_start ON activities (starts_on, id)",
    """CREATE TABLE IF NOT EXISTS activity_registrations (
        activity_id TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        registered_at TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (activity_id, stakeholder_id)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS activity_registrations_by_stakeholder
        ON activity_registrations (stakeholder_id)""",
    """CREATE TABLE IF NOT EXISTS activity_meetings (
        id TEXT PRIMARY KEY,
        activity_id TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        slot INTEGER NOT NULL,
        seat INTEGER NOT NULL,
        a TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        b TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        answered INTEGER NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS activity_meetings_by_activity ON activity_meetings (activity_id)",
    "CREATE INDEX IF NOT EXISTS activity_meetings_by_a ON activity_meetings (a)",
    "CREATE INDEX IF NOT EXISTS activity_meetings_by_b ON activity_meetings (b)",
    """CREATE TABLE IF NOT EXISTS activity_ties (
        activity_id TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        tie_id TEXT NOT NULL,
        source TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        target TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        formed_at TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (activity_id, tie_id)) WITHOUT ROWID""",
    # -- participatory budgets (issue #17): processes, projects, one ballot per voter ---------
    """CREATE TABLE IF NOT EXISTS budget_processes (
        id TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        phase TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS budget_projects (
        id TEXT PRIMARY KEY,
        process_id TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
        review TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS budget_projects_by_process ON budget_projects (process_id)",
    """CREATE TABLE IF NOT EXISTS budget_ballots (
        process_id TEXT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
        voter_id TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (process_id, voter_id)) WITHOUT ROWID""",
    # Erasing a person finds their ballots by voter.
    "CREATE INDEX IF NOT EXISTS budget_ballots_by_voter ON budget_ballots (voter_id)",
    # -- matchfunding (issue 17, part 3): campaigns, pools, pledges, matches; sums in cents ---
    # The live sums are kept beside the rows they sum, in the writes that change them, so that
    # a pledge reads them at once however many pledges came before it.
    """CREATE TABLE IF NOT EXISTS campaigns (
        id TEXT PRIMARY KEY,
        stakeholder_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL,
        pledged_cents INTEGER NOT NULL DEFAULT 0,
        matched_cents INTEGER NOT NULL DEFAULT 0,
        pledges INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS campaigns_by_stakeholder ON campaigns (stakeholder_id)",
    """CREATE TABLE IF NOT EXISTS match_pools (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL,
        used_cents INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS pool_campaign_totals (
        pool_id TEXT NOT NULL,
        campaign_id TEXT NOT NULL,
        cents INTEGER NOT NULL,
        PRIMARY KEY (pool_id, campaign_id)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS pledges (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns (id),
        cents INTEGER NOT NULL,
        at TEXT NOT NULL,
        pledger TEXT NOT NULL,
        state TEXT NOT NULL,
        stakeholder_id TEXT,
        user_id TEXT,
        email TEXT,
        ended_at TEXT)""",
    "CREATE INDEX IF NOT EXISTS pledges_by_campaign ON pledges (campaign_id, state)",
    "CREATE INDEX IF NOT EXISTS pledges_by_pledger ON pledges (pledger)",
    "CREATE INDEX IF NOT EXISTS pledges_by_stakeholder ON pledges (stakeholder_id)",
    """CREATE TABLE IF NOT EXISTS pool_matches (
        id TEXT PRIMARY KEY,
        pledge_id TEXT NOT NULL REFERENCES pledges (id),
        pool_id TEXT NOT NULL REFERENCES match_pools (id),
        campaign_id TEXT NOT NULL,
        pledger TEXT NOT NULL,
        cents INTEGER NOT NULL,
        at TEXT NOT NULL,
        state TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS pool_matches_by_pool ON pool_matches (pool_id, state)",
    "CREATE INDEX IF NOT EXISTS pool_matches_by_campaign ON pool_matches (campaign_id, pledger)",
    "CREATE INDEX IF NOT EXISTS pool_matches_by_pledge ON pool_matches (pledge_id)",
    """CREATE TABLE IF NOT EXISTS public_pledges (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns (id),
        digest TEXT NOT NULL UNIQUE,
        email TEXT NOT NULL,
        cents INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        confirmed_at TEXT)""",
    # -- learned matches: fitted match models, at most one active per relation -----------------
    """CREATE TABLE IF NOT EXISTS match_models (
        version INTEGER PRIMARY KEY,
        relation TEXT NOT NULL,
        active INTEGER NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS match_models_active ON match_models (relation) "
    "WHERE active = 1",
    # -- sec: public pledgers' addresses, the pledge links mailed to each in its day ----------
    """CREATE TABLE IF NOT EXISTS pledge_mail_counts (
        recipient TEXT PRIMARY KEY,
        started TEXT NOT NULL,
        count INTEGER NOT NULL)""",
    # Erasing a user clears its name from the pledges it made.
    "CREATE INDEX IF NOT EXISTS pledges_by_user ON pledges (user_id)",
)


STAKEHOLDER_UPDATE_TRIGGER = "change_feed_stakeholders_update"


def refresh_search_keys(db: sqlite3.Connection) -> None:
    """Recompute every stakeholder's search key unless the store's were made by this
    :data:`~graph_models.domain.search_keys.SEARCH_KEY_VERSION`, and record that version.

    A key is not part of the stakeholder: the change feed's readers have nothing to bring
    forward, so the feed's update trigger is left out (dropped and made again, in the same
    transaction). A new store records the version with nothing to recompute.
    """
    held = db.execute("SELECT value FROM meta WHERE key = 'search_keys'").fetchone()
    if held is not None and held[0] == SEARCH_KEY_VERSION:
        return
    db.execute(f"DROP TRIGGER {STAKEHOLDER_UPDATE_TRIGGER}")
    db.executemany("UPDATE stakeholders SET search_text = ? WHERE id = ?", [
        (stakeholder_from_row(row).search_text, row["id"])
        for row in db.execute("SELECT id, record FROM stakeholders").fetchall()])
    db.execute(next(t for t in CHANGE_TRIGGERS if t.split()[5] == STAKEHOLDER_UPDATE_TRIGGER))
    db.execute("INSERT INTO meta (key, value) VALUES ('search_keys', ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (SEARCH_KEY_VERSION,))


class SqliteSchema(SqliteConnection):
    """The store's schema, created in one transaction, and its search keys brought up to
    date."""

    def ensure_schema(self) -> None:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in SCHEMA:
                connection.execute(statement)
            refresh_search_keys(connection)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
