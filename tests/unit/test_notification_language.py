"""Notifications are told in their reader's language: every step's subject and body, in Greek
with no English word or code left, the labels of the codes named, and the e-mail dated the
language's way."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.introductions import DeclineReason, Introduction, Purpose, State
from graph_models.domain.mentorships import CancelReason, Mentorship, MentorshipState
from graph_models.domain.notifications import Notification, notice_of
from graph_models.domain.phrases import Joined, Phrase
from graph_models.introductions.notices import notices_for as introduction_notices
from graph_models.mentorship.notices import notices_for as mentorship_notices
from service.i18n.extraction import extract_messages
from service.i18n.notices import told
from service.mail import email_of

AT = datetime(2026, 3, 5, 10, 30, tzinfo=UTC)
NAMES = {"a": "Ήλιος ΚοινΣΕπ", "b": "Κέντρο Στήριξης", "c": "Ταμείο Αλληλεγγύης"}
USERS = [User(id="u-a", username="ann", role=Role.MEMBER, memberships=("a",)),
         User(id="u-b", username="bob", role=Role.MEMBER, memberships=("b",)),
         User(id="u-c", username="cat", role=Role.MEMBER, memberships=("c",)),
         User(id="u-k", username="kim", role=Role.COORDINATOR, regions=("EL30",))]
# Codes the notices could name, and English words no Greek text should hold.
CODES = {"financing", "not_now", "no_time", "decline_reason", "cancel_reason", "purpose"}
ENGLISH = re.compile(r"\b(?:the|request|introduction|accepted|declined|mentor|mentorship|"
                     r"programme|contacts|you|your|see|cancelled|forward|Syndesmos)\b", re.I)


def _request(state: State, **changes) -> Introduction:
    return Introduction(**{"id": "i1", "requester_id": "a", "target_id": "c",
                           "purpose": Purpose.FINANCING, "message": "", "region": "EL303",
                           "requested_by": "u-a", "created_at": AT, "state_changed_at": AT,
                           "broker_id": "b", "state": state, **changes})


def _every_introduction_notice() -> list[Notification]:
    steps = [(State.REQUESTED, None, {}), (State.FORWARDED, State.REQUESTED, {}),
             (State.ACCEPTED, State.FORWARDED, {}),
             (State.COMPLETED, State.ACCEPTED, {}),
             (State.DECLINED, State.FORWARDED, {"decline_reason": DeclineReason.NOT_NOW}),
             (State.DECLINED, State.REQUESTED, {}),  # stored without a reason
             (State.FORWARDED, State.REQUESTED, {"broker_id": None}),  # a coordinator mediated
             (State.WITHDRAWN, State.REQUESTED, {}), (State.EXPIRED, State.FORWARDED, {})]
    found = []
    for state, before, changes in steps:
        for shared in (frozenset(), frozenset({"a"}), frozenset({"c"}), frozenset({"a", "c"})):
            found += introduction_notices(_request(state, **changes), before, USERS, NAMES,
                                          at=AT, shared=shared)
    return found


def _every_mentorship_notice() -> list[Notification]:
    found = []
    for state, before, changes in [
            (MentorshipState.PROPOSED, None, {}),
            (MentorshipState.PROPOSED, MentorshipState.PROPOSED, {"mentee_accepted_at": AT}),
            (MentorshipState.ACCEPTED, MentorshipState.PROPOSED, {}),
            (MentorshipState.ACTIVE, MentorshipState.ACCEPTED, {}),
            (MentorshipState.COMPLETED, MentorshipState.ACTIVE, {}),
            (MentorshipState.CANCELLED, MentorshipState.ACTIVE,
             {"cancel_reason": CancelReason.NO_TIME}),
            (MentorshipState.CANCELLED, MentorshipState.ACTIVE, {})]:
        mentorship = Mentorship("m1", "p1", "a", "c", "EL303", AT, AT, state=state, **changes)
        found += mentorship_notices(mentorship, before, USERS, "Άνοιξη 2026", at=AT)
    return found


NOTICES = _every_introduction_notice() + _every_mentorship_notice()


def _templates(value) -> set[str]:
    if isinstance(value, Phrase):
        return {value.text}.union(*map(_templates, value.values.values()))
    if isinstance(value, Joined):
        return set().union(*map(_templates, value.parts))
    return set()


def test_these_notices_use_every_template_the_notices_have():
    written = {m.id for m in extract_messages()
               if any(path.startswith("graph_models/") and path.endswith("/notices.py")
                      for path, _ in m.locations)}
    used = set().union(*(_templates(notice_of(n).subject) | _templates(notice_of(n).body)
                         for n in NOTICES))
    assert written - used == set()


@pytest.mark.parametrize("notification", NOTICES, ids=lambda n: n.subject)
def test_a_notice_in_greek_holds_no_english_word_and_no_code(notification):
    words = told(notification, locale="el")
    text = f"{words.subject}\n{words.body}"
    assert not ENGLISH.search(text), text
    assert not CODES & set(re.findall(r"[a-z_]+", text)), text
    assert re.search("[α-ω]", text)


@pytest.mark.parametrize("notification", NOTICES, ids=lambda n: n.subject)
def test_a_notice_in_english_names_labels_not_codes(notification):
    words = told(notification, locale="en")
    assert words.subject == notification.subject  # no code in a subject
    assert not CODES & set(re.findall(r"[a-z_]+", words.body)), words.body


def test_the_codes_a_notice_names_read_as_their_labels():
    declined = next(n for n in NOTICES if n.body.startswith("The request was declined ("))
    assert told(declined, locale="en").body == "The request was declined (Not now)."
    assert told(declined, locale="el").body == "Το αίτημα απορρίφθηκε (Όχι τώρα)."
    asked = next(n for n in NOTICES if n.subject.startswith("Introduction request"))
    assert "(financing)" in asked.body
    assert "(Financing)" in told(asked, locale="en").body
    assert "(Χρηματοδότηση)" in told(asked, locale="el").body


def test_a_mentorship_notice_leads_to_its_programme_not_to_an_id():
    (proposed, *_) = _every_mentorship_notice()
    assert proposed.programme_id == "p1" and proposed.introduction_id is None
    assert "m1" not in told(proposed, locale="en").body


def test_a_notification_kept_before_notices_were_words_reads_as_it_was():
    old = Notification("n0", "u-a", "Old subject", "Old body {with braces}", AT)
    assert told(old, locale="el") == ("Old subject", "Old body {with braces}")


@pytest.mark.parametrize("locale,subject,dated", [
    ("el", "Αίτημα σύστασης: «Ήλιος ΚοινΣΕπ» ζητά γνωριμία με «Ταμείο Αλληλεγγύης»",
     "5 Μαρ 2026"),
    ("en", "Introduction request: Ήλιος ΚοινΣΕπ would like to meet Ταμείο Αλληλεγγύης",
     "Mar 5, 2026"),
])
def test_the_email_is_in_the_recipients_language_and_dated_their_way(locale, subject, dated):
    (asked,) = introduction_notices(_request(State.REQUESTED), None, USERS, NAMES, at=AT)
    mail = email_of(asked, sender="syndesmos@city.example", address="bob@example.org",
                    locale=locale)
    assert mail["Subject"] == subject and mail["Content-Language"] == locale
    body = mail.get_content()
    assert dated in body and "12:30" in body  # the time in Greece
    if locale == "el":
        assert not ENGLISH.search(body), body
