"""The Neo4j store's constraints and indexes, and the method that creates them.

Relationship constraints are per type in Neo4j, so ids and natural keys get one per TieType.
What SQLite's unique indexes keep (one open request per pair, one mentorship per mentee and
programme), constraints keep here.
"""

from __future__ import annotations

import neo4j

from graph_models.domain.search_keys import SEARCH_KEY_VERSION
from graph_models.domain.stakeholders import TieType
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.cypher import lock
from graph_models.stores.neo4j.stakeholders import STAKEHOLDER, stakeholder_from_values

SCHEMA = (
    "CREATE CONSTRAINT syndesmos_meta_key IF NOT EXISTS "
    "FOR (m:SyndesmosMeta) REQUIRE m.key IS UNIQUE",
    # -- stakeholders and ties ---------------------------------------------------------------
    "CREATE CONSTRAINT stakeholder_id IF NOT EXISTS "
    "FOR (s:Stakeholder) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT stakeholder_kind_external_id IF NOT EXISTS "
    "FOR (s:Stakeholder) REQUIRE (s.kind, s.external_id) IS UNIQUE",
    # A natural key starts with its type's name, so per-type uniqueness is global uniqueness.
    *(
        # t.value comes from the TieType enum, never from input: safe to concatenate.
        "CREATE CONSTRAINT tie_" + t.value.lower() + "_" + prop + " IF NOT EXISTS "
        "FOR ()-[r:" + t.value + "]-() REQUIRE r." + prop + " IS UNIQUE"
        for t in TieType for prop in ("id", "natural_key")
    ),
    "CREATE INDEX stakeholder_region IF NOT EXISTS FOR (s:Stakeholder) ON (s.region)",
    "CREATE INDEX stakeholder_sort_name IF NOT EXISTS FOR (s:Stakeholder) ON (s.sort_name)",
    "CREATE INDEX stakeholder_kind IF NOT EXISTS FOR (s:Stakeholder) ON (s.kind)",
    "CREATE TEXT INDEX stakeholder_search_text IF NOT EXISTS "
    "FOR (s:Stakeholder) ON (s.search_text)",
    # -- the change feed ----------------------------------------------------------------------
    # Backed by a range index: the feed is read and trimmed by ranges of versions.
    "CREATE CONSTRAINT graph_change_version IF NOT EXISTS "
    "FOR (c:GraphChange) REQUIRE c.version IS UNIQUE",
    # -- accounts and audit ------------------------------------------------------------------
    "CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
    # The case-folded username: usernames are unique case-insensitively.
    "CREATE CONSTRAINT user_username_key IF NOT EXISTS "
    "FOR (u:User) REQUIRE u.username_key IS UNIQUE",
    "CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE",
    "CREATE INDEX api_token_user IF NOT EXISTS FOR (t:ApiToken) ON (t.user_id)",
    "CREATE CONSTRAINT invitation_id IF NOT EXISTS FOR (i:Invitation) REQUIRE i.id IS UNIQUE",
    "CREATE CONSTRAINT invitation_digest IF NOT EXISTS "
    "FOR (i:Invitation) REQUIRE i.digest IS UNIQUE",
    "CREATE INDEX invitation_user IF NOT EXISTS FOR (i:Invitation) ON (i.user_id)",
    "CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.id IS UNIQUE",
    "CREATE INDEX audit_entry_object IF NOT EXISTS FOR (a:AuditEntry) ON (a.object_id)",
    "CREATE INDEX audit_entry_actor IF NOT EXISTS FOR (a:AuditEntry) ON (a.actor_id)",
    "CREATE INDEX audit_entry_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at)",
    # -- introductions, blocks and notifications ---------------------------------------------
    "CREATE CONSTRAINT introduction_id IF NOT EXISTS "
    "FOR (i:Introduction) REQUIRE i.id IS UNIQUE",
    # "requester|target" while the request is open, absent once closed: at most one open
    # request per pair, as SQLite's partial unique index keeps it.
    "CREATE CONSTRAINT introduction_open_pair IF NOT EXISTS "
    "FOR (i:Introduction) REQUIRE i.open_pair IS UNIQUE",
    "CREATE INDEX introduction_requester IF NOT EXISTS FOR (i:Introduction) ON (i.requester_id)",
    "CREATE INDEX introduction_target IF NOT EXISTS FOR (i:Introduction) ON (i.target_id)",
    "CREATE INDEX introduction_broker IF NOT EXISTS FOR (i:Introduction) ON (i.broker_id)",
    "CREATE INDEX introduction_state_changed_at IF NOT EXISTS "
    "FOR (i:Introduction) ON (i.state_changed_at)",
    "CREATE CONSTRAINT introduction_event_revision IF NOT EXISTS "
    "FOR (e:IntroductionEvent) REQUIRE (e.introduction_id, e.revision) IS UNIQUE",
    "CREATE CONSTRAINT block_pair IF NOT EXISTS "
    "FOR (b:Block) REQUIRE (b.target_id, b.requester_id) IS UNIQUE",
    # The pair's constraint is not used for its target alone: a stakeholder's blocks (found
    # from either end) need an index on each.
    "CREATE INDEX block_target IF NOT EXISTS FOR (b:Block) ON (b.target_id)",
    "CREATE INDEX block_requester IF NOT EXISTS FOR (b:Block) ON (b.requester_id)",
    "CREATE CONSTRAINT notification_id IF NOT EXISTS "
    "FOR (n:Notification) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX notification_recipient IF NOT EXISTS "
    "FOR (n:Notification) ON (n.recipient_id, n.created_at)",
    "CREATE INDEX notification_introduction IF NOT EXISTS "
    "FOR (n:Notification) ON (n.introduction_id)",
    "CREATE INDEX notification_state IF NOT EXISTS FOR (n:Notification) ON (n.state, n.created_at)",
    # -- idempotency keys --------------------------------------------------------------------
    "CREATE CONSTRAINT idempotency_key IF NOT EXISTS "
    "FOR (k:IdempotencyKey) REQUIRE (k.user_id, k.key) IS UNIQUE",
    "CREATE INDEX idempotency_key_age IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.created_at)",
    # Keys kept before claims had request ids held secrets and erased data in their answers.
    "MATCH (k:IdempotencyKey) WHERE k.request_id IS NULL DELETE k",
    # -- mentorship --------------------------------------------------------------------------
    "CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (p:Programme) REQUIRE p.id IS UNIQUE",
    "CREATE INDEX programme_created_at IF NOT EXISTS FOR (p:Programme) ON (p.created_at)",
    "CREATE INDEX programme_region IF NOT EXISTS FOR (p:Programme) ON (p.region)",
    "CREATE CONSTRAINT mentorship_id IF NOT EXISTS FOR (m:Mentorship) REQUIRE m.id IS UNIQUE",
    # A mentee has one mentor per programme, as SQLite's unique index keeps it.
    "CREATE CONSTRAINT mentorship_one_per_mentee IF NOT EXISTS "
    "FOR (m:Mentorship) REQUIRE (m.programme_id, m.mentee_id) IS UNIQUE",
    "CREATE INDEX mentorship_mentee IF NOT EXISTS FOR (m:Mentorship) ON (m.mentee_id)",
    "CREATE INDEX mentorship_mentor IF NOT EXISTS FOR (m:Mentorship) ON (m.mentor_id)",
    # A programme's mentorships are read on each view of it once published, and for its report.
    "CREATE INDEX mentorship_programme IF NOT EXISTS FOR (m:Mentorship) ON (m.programme_id)",
    # A coordinator's mentorships: a prefix seek per territory (UNWIND, then STARTS WITH).
    "CREATE INDEX mentorship_region IF NOT EXISTS FOR (m:Mentorship) ON (m.region)",
    "CREATE CONSTRAINT mentorship_session_id IF NOT EXISTS "
    "FOR (s:MentorshipSession) REQUIRE s.id IS UNIQUE",
    "CREATE INDEX mentorship_session_of IF NOT EXISTS "
    "FOR (s:MentorshipSession) ON (s.mentorship_id)",
    # -- sign-in sessions and login attempts -------------------------------------------------
    "CREATE CONSTRAINT login_session_digest IF NOT EXISTS "
    "FOR (s:LoginSession) REQUIRE s.digest IS UNIQUE",
    "CREATE INDEX login_session_user IF NOT EXISTS FOR (s:LoginSession) ON (s.user_id)",
    "CREATE INDEX login_session_end IF NOT EXISTS FOR (s:LoginSession) ON (s.expires_at)",
    "CREATE INDEX login_session_use IF NOT EXISTS FOR (s:LoginSession) ON (s.last_seen_at)",
    "CREATE CONSTRAINT login_attempts_key IF NOT EXISTS "
    "FOR (a:LoginAttempts) REQUIRE a.key IS UNIQUE",
    "CREATE INDEX login_attempts_time IF NOT EXISTS FOR (a:LoginAttempts) ON (a.last_at)",
    "CREATE INDEX login_attempts_lock IF NOT EXISTS FOR (a:LoginAttempts) ON (a.locked_until)",
    # -- consulting: needs assessments, their personal links and answers; workshops ----------
    "CREATE CONSTRAINT assessment_id IF NOT EXISTS FOR (a:Assessment) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT assessment_link_id IF NOT EXISTS "
    "FOR (l:AssessmentLink) REQUIRE l.id IS UNIQUE",
    "CREATE CONSTRAINT assessment_link_digest IF NOT EXISTS "
    "FOR (l:AssessmentLink) REQUIRE l.digest IS UNIQUE",
    # One link per stakeholder and assessment: "assessment id|stakeholder id".
    "CREATE CONSTRAINT assessment_link_pair IF NOT EXISTS "
    "FOR (l:AssessmentLink) REQUIRE l.pair IS UNIQUE",
    "CREATE INDEX assessment_link_assessment IF NOT EXISTS "
    "FOR (l:AssessmentLink) ON (l.assessment_id)",
    "CREATE INDEX assessment_link_stakeholder IF NOT EXISTS "
    "FOR (l:AssessmentLink) ON (l.stakeholder_id)",
    "CREATE CONSTRAINT assessment_response_id IF NOT EXISTS "
    "FOR (r:AssessmentResponse) REQUIRE r.id IS UNIQUE",
    "CREATE CONSTRAINT assessment_response_link IF NOT EXISTS "
    "FOR (r:AssessmentResponse) REQUIRE r.link_id IS UNIQUE",
    "CREATE INDEX assessment_response_assessment IF NOT EXISTS "
    "FOR (r:AssessmentResponse) ON (r.assessment_id)",
    "CREATE INDEX assessment_response_stakeholder IF NOT EXISTS "
    "FOR (r:AssessmentResponse) ON (r.stakeholder_id)",
    "CREATE CONSTRAINT workshop_id IF NOT EXISTS FOR (w:Workshop) REQUIRE w.id IS UNIQUE",
    # -- plans: Local Action Plans and their revisions ----------------------------------------
    "CREATE CONSTRAINT plan_id IF NOT EXISTS FOR (p:Plan) REQUIRE p.id IS UNIQUE",
    "CREATE INDEX plan_created_at IF NOT EXISTS FOR (p:Plan) ON (p.created_at)",
    "CREATE INDEX plan_territory IF NOT EXISTS FOR (p:Plan) ON (p.territory)",
    "CREATE CONSTRAINT plan_revision_key IF NOT EXISTS "
    "FOR (r:PlanRevision) REQUIRE (r.plan_id, r.revision) IS UNIQUE",
    # -- activities (training and networking): registrations, meetings, ties formed ----------
    "CREATE CONSTRAINT activity_id IF NOT EXISTS FOR (a:Activity) REQUIRE a.id IS UNIQUE",
    "CREATE INDEX activity_start IF NOT EXISTS FOR (a:Activity) ON (a.starts_on)",
    "CREATE CONSTRAINT activity_registration_key IF NOT EXISTS FOR (r:ActivityRegistration) "
    "REQUIRE (r.activity_id, r.stakeholder_id) IS UNIQUE",
    "CREATE INDEX activity_registration_of IF NOT EXISTS "
    "FOR (r:ActivityRegistration) ON (r.stakeholder_id)",
    "CREATE CONSTRAINT activity_meeting_id IF NOT EXISTS "
    "FOR (m:ActivityMeeting) REQUIRE m.id IS UNIQUE",
    "CREATE INDEX activity_meeting_of IF NOT EXISTS FOR (m:ActivityMeeting) ON (m.activity_id)",
    "CREATE INDEX activity_meeting_a IF NOT EXISTS FOR (m:ActivityMeeting) ON (m.a)",
    "CREATE INDEX activity_meeting_b IF NOT EXISTS FOR (m:ActivityMeeting) ON (m.b)",
    "CREATE INDEX activity_tie_of IF NOT EXISTS FOR (t:ActivityTie) ON (t.activity_id)",
    # -- participatory budgets (issue #17): one ballot per voter, as SQLite's primary key ----
    "CREATE CONSTRAINT budget_process_id IF NOT EXISTS "
    "FOR (p:BudgetProcess) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT budget_project_id IF NOT EXISTS "
    "FOR (p:BudgetProject) REQUIRE p.id IS UNIQUE",
    "CREATE INDEX budget_project_process IF NOT EXISTS FOR (p:BudgetProject) ON (p.process_id)",
    "CREATE CONSTRAINT budget_ballot_voter IF NOT EXISTS "
    "FOR (b:BudgetBallot) REQUIRE (b.process_id, b.voter_id) IS UNIQUE",
    # Erasing a person finds their ballots by voter.
    "CREATE INDEX budget_ballot_by_voter IF NOT EXISTS FOR (b:BudgetBallot) ON (b.voter_id)",
    # -- matchfunding (issue 17, part 3): campaigns, pools, pledges, matches -----------------
    "CREATE CONSTRAINT campaign_id IF NOT EXISTS FOR (c:Campaign) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT match_pool_id IF NOT EXISTS FOR (p:MatchPool) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT pledge_id IF NOT EXISTS FOR (p:Pledge) REQUIRE p.id IS UNIQUE",
    "CREATE INDEX pledge_campaign IF NOT EXISTS FOR (p:Pledge) ON (p.campaign_id)",
    "CREATE INDEX pledge_pledger IF NOT EXISTS FOR (p:Pledge) ON (p.pledger)",
    "CREATE INDEX pledge_stakeholder IF NOT EXISTS FOR (p:Pledge) ON (p.stakeholder_id)",
    "CREATE CONSTRAINT pool_match_id IF NOT EXISTS FOR (m:PoolMatch) REQUIRE m.id IS UNIQUE",
    "CREATE INDEX pool_match_pool IF NOT EXISTS FOR (m:PoolMatch) ON (m.pool_id)",
    "CREATE INDEX pool_match_campaign IF NOT EXISTS FOR (m:PoolMatch) ON (m.campaign_id)",
    # Whether a pledger has a match of a pool on a campaign (a pool that matches once each).
    "CREATE INDEX pool_match_pledger IF NOT EXISTS "
    "FOR (m:PoolMatch) ON (m.campaign_id, m.pledger)",
    # What each pool has given each campaign, kept beside the matches in the writes.
    "CREATE CONSTRAINT pool_campaign_total IF NOT EXISTS "
    "FOR (t:PoolCampaignTotal) REQUIRE (t.pool_id, t.campaign_id) IS UNIQUE",
    "CREATE INDEX pool_match_pledge IF NOT EXISTS FOR (m:PoolMatch) ON (m.pledge_id)",
    "CREATE CONSTRAINT public_pledge_id IF NOT EXISTS "
    "FOR (p:PublicPledge) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT public_pledge_digest IF NOT EXISTS "
    "FOR (p:PublicPledge) REQUIRE p.digest IS UNIQUE",
    # -- learned matches: fitted match models -------------------------------------------------
    "CREATE CONSTRAINT match_model_version IF NOT EXISTS "
    "FOR (m:MatchModel) REQUIRE m.version IS UNIQUE",
    "CREATE INDEX match_model_active IF NOT EXISTS FOR (m:MatchModel) ON (m.active)",
    # -- sec: public pledgers' addresses, the pledge links mailed to each in its day ----------
    "CREATE CONSTRAINT pledge_mail_count IF NOT EXISTS "
    "FOR (n:PledgeMailCount) REQUIRE n.recipient IS UNIQUE",
    # Erasing a user clears its name from the pledges it made.
    "CREATE INDEX pledge_user IF NOT EXISTS FOR (p:Pledge) ON (p.user_id)",
)
# The change feed holds every version after changes_from: a store made before the feed starts
# it at the version it had then.
CREATE_META = ("MERGE (m:SyndesmosMeta {key: 'version'}) ON CREATE SET m.version = 0 "
               "SET m.changes_from = coalesce(m.changes_from, m.version), "
               "m.lineage = coalesce(m.lineage, randomUUID())")


# The version of search_key the stored keys were made by is kept on the version node.
SEARCH_KEYS_HELD = "MATCH (m:SyndesmosMeta {key: 'version'}) RETURN m.search_keys AS held"
RECORD_SEARCH_KEYS = "MATCH (m:SyndesmosMeta {key: 'version'}) SET m.search_keys = $held"
# Graph writers take the version node's lock first: holding it, a batch's read is not
# overtaken by a write before its keys are set.
LOCK_GRAPH = "MATCH (m:SyndesmosMeta {key: 'version'}) " + lock("m")
STAKEHOLDERS_AFTER = ("MATCH (s:Stakeholder) WHERE s.id > $after WITH s ORDER BY s.id "
                      "LIMIT $limit RETURN " + STAKEHOLDER)
SET_SEARCH_KEYS = ("UNWIND $rows AS row MATCH (s:Stakeholder {id: row[0]}) "
                   "SET s.search_text = row[1]")
SEARCH_KEY_BATCH = 2_000


def _refresh_batch(tx: neo4j.ManagedTransaction, after: str) -> str | None:
    """Recompute the search keys of the next batch of stakeholders by id after ``after``;
    the last id done, or None when none was left."""
    tx.run(LOCK_GRAPH).consume()
    batch = [stakeholder_from_values(record["s"])
             for record in tx.run(STAKEHOLDERS_AFTER, after=after, limit=SEARCH_KEY_BATCH)]
    tx.run(SET_SEARCH_KEYS, rows=[[s.id, s.search_text] for s in batch]).consume()
    return batch[-1].id if batch else None


class Neo4jSchema(Neo4jConnection):
    """The store's schema, its version node, and its search keys brought up to date."""

    def ensure_schema(self) -> None:
        """Create the constraints, indexes and version node if missing. Idempotent.

        The version node is merged, never bumped: a new store is at version 0, and its change
        feed starts there.
        """

        def run(tx: neo4j.ManagedTransaction, statement: str) -> None:
            tx.run(statement).consume()

        # Schema changes and data writes may not share a transaction: one statement each.
        for statement in SCHEMA:
            self._execute(True, run, statement)
        self._execute(True, run, CREATE_META)
        self._refresh_search_keys()
        # Indexes fill in the background; wait so that the first searches already use them.
        self._execute(False, run, "CALL db.awaitIndexes(300)")

    def _refresh_search_keys(self) -> None:
        """Recompute every stakeholder's search key unless the store's were made by this
        :data:`~graph_models.domain.search_keys.SEARCH_KEY_VERSION`, and record that version.

        In batches, one transaction each (a key is not part of the stakeholder: no version is
        bumped, and the change feed records nothing); a batch done twice does no harm.
        """

        def held(tx: neo4j.ManagedTransaction) -> object:
            return tx.run(SEARCH_KEYS_HELD).single(strict=True)["held"]

        if self._execute(False, held) == SEARCH_KEY_VERSION:
            return
        after: str | None = ""
        while after is not None:
            after = self._execute(True, _refresh_batch, after)

        def record(tx: neo4j.ManagedTransaction) -> None:
            tx.run(RECORD_SEARCH_KEYS, held=SEARCH_KEY_VERSION).consume()

        self._execute(True, record)
