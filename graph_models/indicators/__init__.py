"""Indicators of a Local Action Plan computed from what the service holds: the catalogue, the
value of each on any day, and its series over a period assessed against a target.

See docs/indicators.md.
"""

from graph_models.indicators.assessment import Assessment, Status, assess
from graph_models.indicators.catalogue import (
    CATALOGUE,
    INDICATORS,
    Indicator,
    Parameter,
    Source,
    Unit,
    checked_parameters,
    indicator,
)
from graph_models.indicators.ecosystem import (
    Activity,
    CompletedIntroduction,
    CompletedMentorship,
    Ecosystem,
    HeldActivity,
)
from graph_models.indicators.series import Point, Series, month_ends, series
from graph_models.indicators.values import Measured, measure

__all__ = ["CATALOGUE", "INDICATORS", "Activity", "Assessment", "CompletedIntroduction",
           "CompletedMentorship", "Ecosystem", "HeldActivity", "Indicator", "Measured",
           "Parameter", "Point", "Series", "Source", "Status", "Unit", "assess",
           "checked_parameters", "indicator", "measure", "month_ends", "series"]
