"""The labels that introductions, matches, programmes and mentorships add to their codes in
the asked language: each is what ``service.i18n.labels.label`` gives for the code, computed
here on its own, and the codes beside them stay as they were."""

from __future__ import annotations

from graph_models.use_cases.programmes import METHODS
from service.i18n.labels import ProposalMethod, label
from tests.api.helpers import API, ApiClient
from tests.api.test_introductions_api import I, build_people
from tests.api.test_mentorship_api import M, P, people  # noqa: F401 - the fixture

LANGUAGES = ("el", "en")


def asked(language: str) -> dict[str, str]:
    return {"Accept-Language": language}


def expected(vocabulary: str, language: str, *codes: str) -> dict[str, str]:
    """The labels ``label`` gives ``codes`` in ``language``, by code."""
    return {code: label(vocabulary, code, locale=language) for code in codes}


def summary_labels(summary: dict, language: str) -> dict[str, dict[str, str]]:
    return {"kind": expected("kind", language, summary["kind"]),
            "region": expected("region", language, summary["region"])}


def in_both_languages(client, url: str, **kwargs) -> dict[str, dict]:
    """The answer to ``url`` in each language, checked to say its language."""
    answers = {}
    for language in LANGUAGES:
        response = client.get(url, headers=asked(language), **kwargs)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.headers["Content-Language"] == language
        answers[language] = response.get_json()
    return answers


def assert_only_labels_differ(answers: dict[str, dict]) -> None:
    """The codes (everything but labels) are the same whichever language is asked, and the
    labels are not: a Greek label that were its code would be no label."""
    def without_labels(value):
        if isinstance(value, dict):
            return {k: without_labels(v) for k, v in value.items() if k != "labels"}
        if isinstance(value, list):
            return [without_labels(v) for v in value]
        return value

    greek, english = answers["el"], answers["en"]
    assert without_labels(greek) == without_labels(english)
    assert greek["labels"] != english["labels"]


def test_an_introduction_labels_its_codes_its_history_and_its_ends(app):
    introductions = build_people(app)
    request_id = introductions.request(broker_id=introductions.ids["hub"]).get_json()["id"]
    introductions.act("hub", request_id, "forward")
    introductions.act("fund", request_id, "decline", reason="no_capacity")

    answers = in_both_languages(introductions.clients["coop"], f"{I}/{request_id}")

    assert_only_labels_differ(answers)
    for language, body in answers.items():
        assert (body["state"], body["purpose"], body["decline_reason"]) == (
            "declined", "financing", "no_capacity")
        assert body["labels"] == {
            "state": expected("introduction_state", language, "declined"),
            "purpose": expected("purpose", language, "financing"),
            "decline_reason": expected("decline_reason", language, "no_capacity"),
            "region": expected("region", language, body["region"])}
        for end in ("requester", "target", "broker"):
            assert body[end]["labels"] == summary_labels(body[end], language)
        requested, *_, declined = body["history"]
        assert requested["labels"] == {  # no state before the request: no label for it
            "to_state": expected("introduction_state", language, "requested")}
        assert declined["labels"] == {
            "from_state": expected("introduction_state", language, "forwarded"),
            "to_state": expected("introduction_state", language, "declined"),
            "reason": expected("decline_reason", language, "no_capacity")}
    inbox = in_both_languages(introductions.clients["coop"], I, query_string={"box": "sent"})
    assert inbox["el"]["items"][0]["labels"] == answers["el"]["labels"]


def test_a_match_labels_its_candidates_kind_and_region(client):
    api = ApiClient(client)
    coop = api.stakeholder(needs=["financing.loan"], discoverable=True)
    bank = api.stakeholder("investor", "Ηθική Τράπεζα", region="EL522", discoverable=True,
                           offers=["financing.loan"], instruments=["loan"])

    answers = in_both_languages(client, f"{API}/stakeholders/{coop['id']}/matches")

    for language, found in answers.items():
        candidate = found[0]["candidate"]
        assert (candidate["id"], candidate["kind"], candidate["region"]) == (
            bank["id"], "investor", "EL522")
        assert candidate["labels"] == {"kind": expected("kind", language, "investor"),
                                       "region": expected("region", language, "EL522")}
    assert answers["el"][0]["candidate"]["labels"] != answers["en"][0]["candidate"]["labels"]


def test_a_programme_its_proposal_and_its_report_label_their_codes(people):  # noqa: F811
    programme_id = people.programme()
    people.post("coordinator", f"{P}/{programme_id}/proposal", json={})

    answers = in_both_languages(people.clients["coordinator"], f"{P}/{programme_id}")

    assert_only_labels_differ(answers)
    for language, body in answers.items():
        assert (body["state"], body["region"], body["topics"]) == (
            "draft", "EL30", ["training.mentoring"])
        assert body["labels"] == {
            "state": expected("programme_state", language, "draft"),
            "region": expected("region", language, "EL30"),
            "topics": expected("topic", language, "training.mentoring")}
        assert body["proposal"]["method"] == "optimal"
        assert body["proposal"]["labels"] == {"method": expected("proposal_method", language,
                                                                 "optimal")}
        (unplaced,) = body["proposal"]["unplaced"]
        assert unplaced["reason"] == "all_full"
        assert unplaced["labels"] == {"reason": expected("unplaced_reason", language,
                                                         "all_full")}
        for pair in body["proposal"]["pairs"]:
            assert pair["mentor"]["labels"] == summary_labels(pair["mentor"], language)

    assert people.post("coordinator", f"{P}/{programme_id}/publish").status_code == 200
    reports = in_both_languages(people.clients["coordinator"], f"{P}/{programme_id}/report")
    for language, report in reports.items():
        assert report["labels"] == {
            "states": expected("mentorship_state", language, *report["states"]),
            "average_by_moment": expected("rating_moment", language,
                                          *report["average_by_moment"])}
    assert reports["el"]["states"] == reports["en"]["states"]


def test_a_mentorship_and_its_sessions_label_their_codes(people):  # noqa: F811
    mentorship, mentee, mentor = people.started()
    url = f"{M}/{mentorship['id']}"
    people.post(mentee, f"{url}/sessions", json={"on": "2026-01-10",
                                                "topics": ["training.mentoring"]})
    people.act(mentee, mentorship["id"], "check_in", rating=4)
    people.act(mentor, mentorship["id"], "cancel", reason="no_time")

    answers = in_both_languages(people.clients["coordinator"], url)

    assert_only_labels_differ(answers)
    for language, body in answers.items():
        assert (body["state"], body["cancel_reason"]) == ("cancelled", "no_time")
        assert body["labels"] == {
            "state": expected("mentorship_state", language, "cancelled"),
            "cancel_reason": expected("cancel_reason", language, "no_time"),
            "region": expected("region", language, body["region"]),
            "ratings": expected("rating_moment", language, "check_in")}
        assert body["mentee"]["labels"] == summary_labels(body["mentee"], language)
    sessions = in_both_languages(people.clients[mentor], f"{url}/sessions")
    for language, (session,) in sessions.items():
        assert session["topics"] == ["training.mentoring"]
        assert session["labels"] == {"topics": expected("topic", language,
                                                        "training.mentoring")}



def test_a_circle_labels_its_region_languages_and_sectors(people):  # noqa: F811
    api = ApiClient(people.clients["admin"])
    members = [api.stakeholder(name=f"Συνεταιρισμός {i}", discoverable=True, languages=["el"],
                               sectors=["agrifood"], needs=["training.sales"],
                               offers=["training.sales"])["id"] for i in range(4)]

    for language in LANGUAGES:
        response = people.clients["coordinator"].post(f"{API}/circles", headers=asked(language),
                                                      json={"members": members, "min_size": 4,
                                                            "max_size": 4})
        assert response.status_code == 200, response.get_data(as_text=True)
        (circle,) = response.get_json()["circles"]
        assert (circle["region"], circle["languages"], circle["sectors"]) == (
            "EL30", ["el"], ["agrifood"])
        assert circle["labels"] == {"region": expected("region", language, "EL30"),
                                    "languages": expected("language", language, "el"),
                                    "sectors": expected("sector", language, "agrifood")}


def test_the_methods_labelled_are_the_methods_of_a_proposal():
    assert set(ProposalMethod) == set(METHODS)
