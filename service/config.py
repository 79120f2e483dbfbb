"""Configuration: defaults, then ``SYNDESMOS_*`` environment variables, then a test mapping.

The default needs no set-up at all: an SQLite file under ``instance/`` in the working directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

# Every environment variable the service reads, with its default and what it means.
ENVIRONMENT_VARIABLES: dict[str, tuple[str | None, str]] = {
    "SYNDESMOS_STORE": ("sqlite:///instance/syndesmos.db",
                        "where the graph lives: sqlite:///path.db or neo4j://host:7687"),
    "SYNDESMOS_NEO4J_USER": (None, "Neo4j user name (none: no authentication)"),
    "SYNDESMOS_NEO4J_PASSWORD": (None, "Neo4j password; never logged"),
    "SYNDESMOS_NEO4J_DATABASE": ("neo4j", "Neo4j database name"),
    "SYNDESMOS_MAX_CONTENT_LENGTH": (str(64 * 1024 * 1024),
                                     "largest request body in bytes (bulk imports included)"),
    "SYNDESMOS_RETRY_AFTER": ("5", "seconds a client is told to wait when the store is down"),
    "SYNDESMOS_SECURE_COOKIES": ("false", "true: session cookies only over HTTPS"),
    "SYNDESMOS_SESSION_IDLE_MINUTES": ("120", "minutes a sign-in session may go unused before "
                                              "it ends"),
    "SYNDESMOS_SESSION_HOURS": ("12", "hours a sign-in session lasts at most, however much "
                                      "it is used"),
    "SYNDESMOS_TOKEN_DAYS": ("90", "days a new API token lives unless told otherwise"),
    "SYNDESMOS_LOCKOUT_AFTER": ("5", "failed logins in a row that lock a username (one that "
                                     "nobody has too)"),
    "SYNDESMOS_LOCKOUT_SECONDS": ("900", "seconds a username stays locked from the failure "
                                         "that locked it (later attempts do not lengthen it); "
                                         "failures this old are forgotten"),
    "SYNDESMOS_LOGINS_PER_MINUTE": ("10", "login attempts allowed per minute from one address "
                                          "(0: no limit, as for every limit below)"),
    "SYNDESMOS_WRITES_PER_MINUTE": ("120", "writes allowed per minute per signed-in user"),
    "SYNDESMOS_READS_PER_MINUTE": ("600", "reads allowed per minute per signed-in user"),
    "SYNDESMOS_EXPENSIVE_READS_PER_MINUTE": ("10", "expensive reads (ecosystem reports, report "
                                                   "graphs, scope matches, full exports) "
                                                   "allowed per minute per user"),
    "SYNDESMOS_LIMITS_DB": (None, "SQLite file of the rate-limit counts, shared by every worker "
                                  "process of this host (none: limits.db beside an SQLite "
                                  "store, else instance/limits.db)"),
    "SYNDESMOS_INDEX_DIR": (None, "folder where the match index is saved, so that a restart "
                                  "reads it instead of building it (none: beside an SQLite "
                                  "store, else instance/; off: never saved)"),
    "SYNDESMOS_UPLOADS_DIR": (None, "folder where a spreadsheet waits between its import's "
                                    "preview and the import, an hour at most (none: uploads "
                                    "beside an SQLite store, else instance/uploads)"),
    "SYNDESMOS_INTRODUCTION_MAX_OPEN": ("5", "open introduction requests a stakeholder may "
                                              "have at once"),
    "SYNDESMOS_INTRODUCTION_EXPIRY_DAYS": ("30", "days an unanswered introduction request "
                                                 "waits before `syndesmos introductions "
                                                 "expire` ends it"),
    "SYNDESMOS_IDEMPOTENCY_HOURS": ("24", "how long a write's Idempotency-Key is remembered"),
    "SYNDESMOS_IDEMPOTENCY_CLAIM_SECONDS": ("60", "seconds a write's Idempotency-Key may stay "
                                                  "unanswered before a retry may take it over "
                                                  "(its request presumed dead)"),
    "SYNDESMOS_SMTP_HOST": (None, "mail server for `syndesmos notifications send` (none: "
                                  "notifications stay in the service, no e-mail)"),
    "SYNDESMOS_SMTP_PORT": ("587", "mail server port"),
    "SYNDESMOS_SMTP_USER": (None, "mail server user name"),
    "SYNDESMOS_SMTP_PASSWORD": (None, "mail server password; never logged"),
    "SYNDESMOS_SMTP_STARTTLS": ("true", "true: upgrade the mail connection with STARTTLS"),
    "SYNDESMOS_MAIL_FROM": ("syndesmos@localhost", "sender address of notification e-mails"),
    "SYNDESMOS_MATCH_WEIGHTS": (None, "JSON object overriding match weights, e.g. "
                                      '{"proximity": 0.3, "inclusion": 0.1}'),
    "SYNDESMOS_LOCALE": ("en", "language of the answers to whoever chose none and whose client "
                               "asks for neither of the service's: el or en"),
    "SYNDESMOS_REPORT_MIN_COUNT": ("5", "ecosystem reports hide every count from 1 to this "
                                          "minus 1 (small-cell suppression; 0: none)"),
    "SYNDESMOS_PLEDGER_ADDRESS_DAYS": ("90", "days after its campaign closed that a public "
                                             "pledge keeps its e-mail address, until "
                                             "`syndesmos pledgers expire` clears it"),
    "SYNDESMOS_PLEDGE_MAILS_PER_DAY": ("3", "pledge links mailed to one e-mail address in a "
                                            "day at most (0: no limit)"),
}


def settings_from_environment(environ: os._Environ | dict = os.environ) -> dict:
    """The configuration mapping: each known variable from ``environ`` or its default."""
    return {name: environ.get(name, default) for name, (default, _) in
            ENVIRONMENT_VARIABLES.items()}


API_SETTINGS = {
    "API_TITLE": "Syndesmos",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "/docs",
    # The docs UI's scripts come from the installed swagger-ui-bundle package, never a CDN.
    "OPENAPI_SWAGGER_UI_URL": "/api/v1/docs-assets/",
    "API_SPEC_OPTIONS": {
        "info": {"description": "Stakeholder networking for the Social and Solidarity Economy. "
                                "Send a personal API token as `Authorization: Bearer sdm_…`."},
        "security": [{"bearerAuth": []}],
    },
}


def local_folder(config: Mapping) -> Path:
    """The folder of what the service keeps on this host beside its store (rate-limit counts,
    the saved match index, uploads waiting for their import): the SQLite store's folder, else
    ``instance/``; relative to the working directory, as the store's path is."""
    store = str(config["SYNDESMOS_STORE"])
    folder = (Path(store.removeprefix("sqlite:///")).parent if store.startswith("sqlite:")
              else Path("instance"))
    return Path.cwd() / folder
