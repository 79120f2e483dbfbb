"""The store contract's consulting part: needs assessments (their personal links and answers)
and co-creation workshops.

None of these is the graph, so their writes leave the version alone, except an answer that
updates its stakeholder's profile: that one is a write to the graph, recorded in the change
feed, in the same transaction as the answer. Each write may carry its audit entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.assessments import Assessment, AssessmentResponse, ResponseLink
from graph_models.domain.stakeholders import Stakeholder
from graph_models.domain.workshops import Workshop


class AssessmentStore(Protocol):
    """Assessments, their links (kept by the digest of their secret) and their answers."""

    def create_assessment(self, assessment: Assessment, *,
                          audit: AuditEntry | None = None) -> Assessment:
        """Insert; Conflict if the id is taken."""

    def get_assessment(self, assessment_id: str) -> Assessment:
        """NotFound if absent."""

    def list_assessments(self) -> list[Assessment]:
        """Every assessment, newest first."""

    def save_assessment(self, assessment: Assessment, *, expected_updated_at: datetime,
                        audit: AuditEntry | None = None) -> Assessment:
        """Replace it; NotFound if absent; Conflict (naming ``updated_at``), writing nothing,
        if the stored one's ``updated_at`` is not ``expected_updated_at``."""

    def add_links(self, assessment_id: str, links: list[ResponseLink], *,
                  audit: AuditEntry | None = None) -> list[ResponseLink]:
        """Insert these links in one transaction; NotFound if the assessment is absent;
        Conflict, writing none, unless it is open, or if a stakeholder named has a link to
        it already or is missing."""

    def links_of(self, assessment_id: str) -> list[ResponseLink]:
        """The assessment's links, oldest first (by stakeholder id within one time)."""

    def link_by_digest(self, digest: str) -> ResponseLink:
        """The link kept under this digest; NotFound if absent."""

    def submit_response(self, response: AssessmentResponse, *, at: datetime,
                        stakeholder: Stakeholder | None = None,
                        expected_updated_at: datetime | None = None,
                        audit: AuditEntry | None = None) -> AssessmentResponse:
        """In one transaction: store the response, mark its link answered at ``at`` and,
        with ``stakeholder``, replace the stakeholder (a write to the graph, recorded in the
        change feed), unless it changed since ``expected_updated_at`` (Conflict). Gone,
        writing nothing, unless the link is pending at ``at`` (answered, run out, or its
        assessment not open; the state in ``errors["state"]``), so that of two answers at
        once one fails. NotFound if the link is absent."""

    def responses_of(self, assessment_id: str) -> list[AssessmentResponse]:
        """The assessment's responses, oldest first."""


class WorkshopStore(Protocol):
    """Co-creation workshops."""

    def create_workshop(self, workshop: Workshop, *,
                        audit: AuditEntry | None = None) -> Workshop:
        """Insert; Conflict if the id is taken."""

    def get_workshop(self, workshop_id: str) -> Workshop:
        """NotFound if absent."""

    def list_workshops(self) -> list[Workshop]:
        """Every workshop, the latest held first."""

    def save_workshop(self, workshop: Workshop, *, expected_updated_at: datetime,
                      audit: AuditEntry | None = None) -> Workshop:
        """Replace it; NotFound / Conflict as :meth:`AssessmentStore.save_assessment`."""

    def delete_workshop(self, workshop_id: str, *, audit: AuditEntry | None = None) -> None:
        """NotFound if absent."""
