"""What a page says when a programme's or a mentorship's use case refuses a step: one sentence
in the page's language, shown next to the field it concerns or above the form.

The use cases explain a refusal in English for the API (its message and, by field, its
``errors``); a person reads a sentence of the catalogues instead, chosen by what the English
says. A refusal this table does not know is told by its kind, never in English.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, SyndesmosError
from service.i18n.locale import N_, gettext

# (what the use case's English says, what the page says), the first that matches.
SENTENCES = tuple((re.compile(pattern), sentence) for pattern, sentence in (
    (r"someone changed it meanwhile", N_(
        "Someone else changed this meanwhile. The page now shows it as it is: look again, "
        "then try again.")),
    (r"programme is published", N_(
        "The programme is published: its enrolment and its proposal can no longer change.")),
    (r"no proposal to edit yet", N_("There is no proposal yet: ask for one first.")),
    (r"no pair to publish", N_("There is no pair to publish: ask for a proposal first.")),
    (r"draft no longer fits", N_(
        "The proposal no longer fits the enrolment (a mentor's places, a rule of the programme "
        "or someone who left): change it or ask for a new proposal.")),
    (r"pinned pair no longer fits", N_(
        "A pinned pair no longer fits the programme: unpin it, then ask again.")),
    (r"enrolled stakeholder changed", N_(
        "An enrolled stakeholder changed and no longer fits the programme: take them out or "
        "enrol them again.")),
    (r"swap two different mentees|must differ from mentee_id", N_(
        "Choose two different mentees to swap.")),
    (r"neither mentee is placed", N_(
        "Neither mentee has a mentor in the proposal: there is nothing to swap.")),
    (r"the mentee is not placed|^not placed$", N_(
        "This mentee has no mentor in the proposal.")),
    (r"not an enrolled mentee", N_("Choose a mentee enrolled in this programme.")),
    (r"not an enrolled mentor", N_("Choose a mentor enrolled in this programme.")),
    (r"breaks the (programme's )?constraints", N_(
        "This pair breaks a rule of the programme: they share no language, they are not in "
        "the same region, or the pair was taken out of the proposal before.")),
    (r"more mentees than its capacity|is full$", N_(
        "This mentor has no place left for another mentee.")),
    (r"cannot mentor", N_(
        "This stakeholder cannot mentor in this programme: it offers no training, has no "
        "place left, or is not available when the programme starts.")),
    (r"only entrepreneurs can be mentees|must be an entrepreneur", N_(
        "Only entrepreneurs can be mentees.")),
    (r"a mentee or a mentor, not both|enrolled as a mentee", N_(
        "A stakeholder takes part as a mentee or as a mentor, not both.")),
    (r"no such stakeholder|no stakeholder", N_(
        "There is no such stakeholder among those you may see.")),
    (r"outside your territories", N_("This region is outside your territories.")),
    (r"a date not before starts_on", N_("The end must not come before the start.")),
    (r"your side has accepted already", N_(
        "Your side has accepted already; the other side has yet to answer.")),
    (r"your side has rated the completion already", N_(
        "Your side has rated this mentorship already.")),
    (r"logged once it took place|not in the future", N_(
        "A session is logged once it has taken place: choose a day that is not in the "
        "future.")),
    (r"give a rating|^required$", N_("Choose a rating from 1 to 5.")),
    (r"say why you cancel|required to cancel", N_("Say why the mentorship is cancelled.")),
    (r"^you may not|only the pair rates", N_("You may not take this step.")),
    (r"cannot be [a-z ]+ now", N_(
        "This step does not fit the state the mentorship is in now.")),
))
BY_KIND = (
    (Conflict, N_("This cannot be done now: it no longer fits how things stand. Reload the "
                  "page and try again.")),
    (NotFound, N_("What this asks for does not exist, or you may not see it.")),
    (Forbidden, N_("You may not do this.")),
    (InvalidInput, N_("This is not possible: check your choices and try again.")),
)
OTHERWISE = N_("This could not be done. Reload the page and try again.")
# Where a refusal not tied to one field shows: above the form.
WHOLE_FORM = "form"


def sentence_of(error: SyndesmosError) -> str:
    """The refusal in one sentence of the page's language."""
    for text in (error.message, *_messages(error)):
        for pattern, sentence in SENTENCES:
            if pattern.search(text):
                return gettext(sentence)
    return gettext(next((sentence for kind, sentence in BY_KIND if isinstance(error, kind)),
                        OTHERWISE))


def refusal_errors(error: SyndesmosError, fields: Collection[str]) -> dict[str, str]:
    """The refusal as a form shows it: next to each of its ``fields`` the error names, else
    above the form (under :data:`WHOLE_FORM`)."""
    sentence = sentence_of(error)
    named = [field for field in error.errors if field in fields]
    return {field: sentence for field in named} or {WHOLE_FORM: sentence}



def _messages(error: SyndesmosError) -> list[str]:
    return [str(message) for found in error.errors.values()
            for message in (found if isinstance(found, list | tuple) else [found])]
