"""The words of the introductions pages: the inboxes' names, what each step does and says once
taken, and the domain's refusals as a person reads them.

The domain refuses in terse English meant for programs (``required to decline``, ``must
differ from requester_id``); the API keeps those. A page says the same in a sentence of its
language, matched here by the domain's wording.
"""

from __future__ import annotations

import re

from graph_models.domain.errors import Conflict, Forbidden, SyndesmosError
from graph_models.domain.introductions import Step
from graph_models.use_cases.introductions import Box
from service.i18n.labels import label
from service.i18n.locale import N_, gettext
from service.i18n.messages import translate_message

BOX_NAMES = {
    Box.REGION: N_("Waiting in my territories"),
    Box.SENT: N_("Asked by my organisation"),
    Box.TO_BROKER: N_("My organisation as go-between"),
    Box.TO_ME: N_("Asked to meet my organisation"),
}
# What each inbox holds, in a sentence under its list.
BOX_SENTENCES = {
    Box.REGION: N_("The requests to stakeholders of your territories. Those without a "
                   "go-between wait for you to forward or decline them."),
    Box.SENT: N_("The introductions your organisation asked for."),
    Box.TO_BROKER: N_("The requests that name your organisation as the go-between: it knows "
                      "the stakeholder asked, and may pass the request on or decline it."),
    Box.TO_ME: N_("The requests passed on to your organisation: accept to meet, or decline."),
}
# The button of each step, and what it does, said to whoever may take it.
STEP_BUTTONS = {
    Step.FORWARD: N_("Forward the request"),
    Step.ACCEPT: N_("Accept"),
    Step.DECLINE: N_("Decline"),
    Step.WITHDRAW: N_("Withdraw the request"),
    Step.COMPLETE: N_("Confirm the introduction"),
}
STEP_SENTENCES = {
    Step.FORWARD: N_("Pass the request on to %(target)s, who will be asked to accept or "
                     "decline it."),
    Step.ACCEPT: N_("Agree to meet %(requester)s. They then confirm, and the introduction "
                    "is made."),
    Step.DECLINE: N_("Say no, and choose why: whoever can see this request, %(requester)s "
                     "included, sees the reason and your note."),
    Step.WITHDRAW: N_("Your organisation no longer needs this introduction: whoever is "
                      "waiting is told."),
    Step.COMPLETE: N_("%(target)s agreed to meet you. Confirm, and each of you sees the "
                      "other's contacts if they share them."),
}
STEP_DONE = {
    Step.FORWARD: N_("You forwarded the request."),
    Step.ACCEPT: N_("You accepted the request."),
    Step.DECLINE: N_("You declined the request."),
    Step.WITHDRAW: N_("You withdrew the request."),
    Step.COMPLETE: N_("You confirmed the introduction."),
}
# The domain's refusals, by their wording, and what a page says instead.
REFUSALS = (
    (re.compile(r"required to decline"), N_("Choose why you decline.")),
    (re.compile(r"only when declining"), N_("Only with a decline.")),
    (re.compile(r"only the target may block"),
     N_("Only the stakeholder asked may block the requester.")),
    (re.compile(r"only when accepting"),
     N_("Contacts are shared only by accepting or by confirming.")),
    (re.compile(r"at most (?P<num>\d+) characters"), N_("At most %(num)s characters.")),
    (re.compile(r"not discoverable"),
     N_("This stakeholder does not take introduction requests.")),
    (re.compile(r"must differ from"), N_("A stakeholder is not introduced to itself.")),
    (re.compile(r"no stakeholder with id"), N_("There is no such stakeholder.")),
    (re.compile(r"not on a warm path"),
     N_("This go-between is no longer on a warm path to the stakeholder: choose another "
        "path, or leave it to a coordinator.")),
    (re.compile(r"does not take requests from this requester"),
     N_("This stakeholder takes no introduction requests from your organisation.")),
    (re.compile(r"an open request to this stakeholder exists"),
     N_("Your organisation has asked to meet this stakeholder already, and that request is "
        "still open.")),
    (re.compile(r"at most (?P<num>\d+) open requests"),
     N_("Your organisation has %(num)s open requests, the most allowed: wait for an answer "
        "or withdraw one.")),
)
NOT_YOURS = N_("This step is not yours to take.")
MOVED_ON = N_("This request is “%(state)s” now: someone acted on it meanwhile, or the step "
              "no longer fits. Below is what you may do now.")


def refusal_text(message: str) -> str:
    """A domain refusal's message, as a page says it in its language (a message no pattern
    knows, as the catalogues translate it)."""
    for pattern, text in REFUSALS:
        found = pattern.search(message)
        if found:
            return gettext(text, **found.groupdict())
    return translate_message(message)


def refusal_of(error: SyndesmosError) -> tuple[dict[str, str], str | None]:
    """What a page shows of a refused step: a message by field, and one for the whole page
    when the refusal is about the request (its state, who may act) rather than a field."""
    if isinstance(error, Conflict) and "state" in error.errors:
        return {}, gettext(MOVED_ON, state=label("introduction_state",
                                                 error.errors["state"][0]))
    if isinstance(error, Forbidden) and "block" not in error.errors:
        return {}, gettext(NOT_YOURS)
    fields = {field: refusal_text(str(messages[0] if isinstance(messages, list) else messages))
              for field, messages in error.errors.items()}
    return fields, None if fields else refusal_text(error.message)
