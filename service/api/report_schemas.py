"""Marshmallow schemas for ecosystem reports: query arguments and the JSON report."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.stakeholders import Kind
from service.api.common import region_filter_field, sector_field

REPORT_FORMATS = ("json", "csv", "html")
GRAPH_FORMATS = ("graphml", "gexf")
COUNTS = {"keys": fields.String(), "values": fields.Integer(allow_none=True),
          "metadata": {"description": "a suppressed count is null"}}


class ScopeQuerySchema(Schema):
    region = region_filter_field(metadata={
        "description": "a NUTS code in any case or a Greek region's name (Αττική, attiki, "
                       "Attica), its sub-regions included (a coordinator or viewer: one of its "
                       "territories; default its only one)"})
    sector = sector_field(metadata={"description": "stakeholders working in this sector"})
    kind = fields.Enum(Kind, by_value=True, metadata={"description": "one kind only"})
    as_of = fields.Date(metadata={"description": "only stakeholders created and ties begun "
                                                 "by this date (default: now)"})


class ReportQuerySchema(ScopeQuerySchema):
    compare_to = fields.Date(metadata={"description": "an earlier date: adds each headline "
                                                      "figure then and its change since"})
    format = fields.String(load_default="json", validate=validate.OneOf(REPORT_FORMATS),
                           metadata={"description": "json; csv (a zip of CSV tables); html "
                                                    "(one self-contained page with charts)"})


class GraphQuerySchema(ScopeQuerySchema):
    format = fields.String(load_default="graphml", validate=validate.OneOf(GRAPH_FORMATS),
                           metadata={"description": "graphml or gexf (both open in Gephi)"})


class ReportScopeSchema(Schema):
    region = fields.String(allow_none=True)
    sector = fields.String(allow_none=True)
    kind = fields.String(allow_none=True)
    as_of = fields.Date(allow_none=True)


class ListedSchema(Schema):
    id = fields.String()
    name = fields.String()
    kind = fields.String()
    region = fields.String()


class PairDensitySchema(Schema):
    kinds = fields.List(fields.String(), metadata={"description": "two kinds (or one twice)"})
    tie_type = fields.String(allow_none=True, metadata={"description": "null: any tie"})
    pairs = fields.Integer(allow_none=True)
    possible = fields.Integer(allow_none=True,
                              metadata={"description": "n(n−1)/2 within a kind, n₁·n₂ between; "
                                                       "null when a kind's count is suppressed"})
    density = fields.Float(allow_none=True)


class DegreeSchema(Schema):
    mean = fields.Float(allow_none=True)
    median = fields.Float(allow_none=True)
    maximum = fields.Integer(allow_none=True)
    distribution = fields.Dict(**COUNTS)


class ComponentsSchema(Schema):
    count = fields.Integer(allow_none=True)
    largest = fields.Integer(allow_none=True)
    largest_share = fields.Float(allow_none=True)
    isolates = fields.Integer(allow_none=True)
    listed_isolates = fields.List(fields.Nested(ListedSchema),
                                  metadata={"description": "newest first; only those you may "
                                                           "see"})
    unlisted_isolates = fields.Integer(allow_none=True)


class BrokerSchema(Schema):
    stakeholder = fields.Nested(ListedSchema)
    degree = fields.Integer()
    betweenness = fields.Float()
    betweenness_error = fields.Float(metadata={"description": "standard error of a sampled "
                                                              "estimate (0: exact)"})
    constraint = fields.Float(allow_none=True)
    effective_size = fields.Float(allow_none=True)


class BrokerageSchema(Schema):
    exact = fields.Boolean()
    pivots = fields.Integer()
    top = fields.List(fields.Nested(BrokerSchema))
    unlisted = fields.Integer(allow_none=True)
    mean_constraint = fields.Float(allow_none=True)
    mean_effective_size = fields.Float(allow_none=True)


class AttributeMixingSchema(Schema):
    attribute = fields.String()
    groups = fields.Integer(allow_none=True)
    internal = fields.Float(allow_none=True)
    external = fields.Float(allow_none=True)
    e_i = fields.Float(allow_none=True, metadata={
        "description": "Krackhardt's E-I index, (external − internal) / all: −1 every pair "
                       "within a group, +1 every pair across"})
    assortativity = fields.Float(allow_none=True, metadata={
        "description": "Newman's attribute assortativity: 1 like meets like only, 0 as by "
                       "chance; null when everyone is in one group"})


class MixingSchema(Schema):
    kinds = fields.List(fields.String())
    matrix = fields.List(fields.List(fields.Integer(allow_none=True)))
    never_meet = fields.List(fields.List(fields.String()))
    by_attribute = fields.List(fields.Nested(AttributeMixingSchema))
    groups = fields.List(fields.String(), metadata={"description": "kinds, with entrepreneurs "
                                                                  "by legal form"})
    group_matrix = fields.List(fields.List(fields.Integer(allow_none=True)))
    groups_never_meet = fields.List(fields.List(fields.String()))


class CommunitySchema(Schema):
    label = fields.Integer()
    size = fields.Integer(allow_none=True)
    kinds = fields.Dict(**COUNTS)
    top_region = fields.String(allow_none=True)
    top_region_share = fields.Float(allow_none=True)
    top_sector = fields.String(allow_none=True)
    top_sector_share = fields.Float(allow_none=True)


class CommunitiesSchema(Schema):
    count = fields.Integer(allow_none=True)
    singletons = fields.Integer(allow_none=True)
    modularity = fields.Float(allow_none=True)
    seed = fields.Integer()
    region_alignment = fields.Float(allow_none=True)
    sector_alignment = fields.Float(allow_none=True)
    largest = fields.List(fields.Nested(CommunitySchema))


class PillarCoverageSchema(Schema):
    pillar = fields.String()
    needs = fields.Integer(allow_none=True)
    covered = fields.Integer(allow_none=True)
    share = fields.Float(allow_none=True)


class NeedCoverageSchema(Schema):
    by_pillar = fields.List(fields.Nested(PillarCoverageSchema))
    unmet_by_topic = fields.Dict(**COUNTS)
    unmet_by_region = fields.Dict(**COUNTS)
    entrepreneurs_with_unmet_needs = fields.Integer(allow_none=True)


class MonthSchema(Schema):
    month = fields.String()
    stakeholders = fields.Integer(allow_none=True)
    ties = fields.Integer(allow_none=True)
    total_stakeholders = fields.Integer(allow_none=True, metadata={
        "description": "null where it and another total would tell a suppressed month"})
    total_ties = fields.Integer(allow_none=True)


class FlowRowSchema(Schema):
    key = fields.String(metadata={"description": "the group's code: a funder's kind (an "
                                                 "investor with its type, investor:public_fund), "
                                                 "a channel, an instrument, a legal form or a "
                                                 "NUTS region; empty: none recorded"})
    ties = fields.Integer(allow_none=True)
    amount = fields.Float(allow_none=True, metadata={
        "description": "euros of the ties with an amount; null with a hidden row"})
    missing_amounts = fields.Integer(allow_none=True,
                                     metadata={"description": "ties without an amount"})
    funders = fields.Integer(allow_none=True, metadata={"description": "distinct funders"})
    recipients = fields.Integer(allow_none=True,
                                metadata={"description": "distinct entrepreneurs funded"})


class UnfundedRowSchema(Schema):
    key = fields.String(metadata={"description": "a legal form or a NUTS region; empty: none"})
    entrepreneurs = fields.Integer(allow_none=True)
    never_funded = fields.Integer(allow_none=True)
    share = fields.Float(allow_none=True)


class UnfundedSchema(Schema):
    stakeholder = fields.Nested(ListedSchema)
    joined = fields.Date(allow_none=True)
    days = fields.Integer(allow_none=True, metadata={
        "description": "days in the network by the report's date; null when unknown"})


class FundingSchema(Schema):
    ties = fields.Integer(allow_none=True, metadata={
        "description": "FUNDED ties whose recipient is in the scope, the funder anywhere"})
    amount = fields.Float(allow_none=True, metadata={"description": "their euros, of those "
                                                                    "with an amount"})
    missing_amounts = fields.Integer(allow_none=True,
                                     metadata={"description": "ties without an amount"})
    funders = fields.Integer(allow_none=True)
    recipients = fields.Integer(allow_none=True)
    from_outside = fields.Integer(allow_none=True, metadata={
        "description": "of the ties, those whose funder is outside the scope"})
    by_funder = fields.List(fields.Nested(FlowRowSchema))
    by_channel = fields.List(fields.Nested(FlowRowSchema), metadata={
        "description": "participatory_budget, matchfunding_pool, pledges or direct"})
    by_instrument = fields.List(fields.Nested(FlowRowSchema))
    by_legal_form = fields.List(fields.Nested(FlowRowSchema))
    by_region = fields.List(fields.Nested(FlowRowSchema))
    entrepreneurs = fields.Integer(allow_none=True)
    never_funded = fields.Integer(allow_none=True, metadata={
        "description": "entrepreneurs of the scope with no FUNDED tie by the date"})
    never_funded_share = fields.Float(allow_none=True)
    never_funded_by_legal_form = fields.List(fields.Nested(UnfundedRowSchema))
    never_funded_by_region = fields.List(fields.Nested(UnfundedRowSchema))
    listed_never_funded = fields.List(fields.Nested(UnfundedSchema), metadata={
        "description": "longest in the network first; only those you may see"})
    unlisted_never_funded = fields.Integer(allow_none=True)


class ReportSchema(Schema):
    scope = fields.Nested(ReportScopeSchema)
    version = fields.Integer(allow_none=True, metadata={"description": "the store version"})
    stakeholders = fields.Integer(allow_none=True, metadata={
        "description": "null when suppressed, with every figure that would tell it"})
    ties = fields.Integer(allow_none=True)
    pairs = fields.Integer(allow_none=True, metadata={"description": "distinct connected pairs"})
    external_ties = fields.Integer(allow_none=True,
                                   metadata={"description": "ties with one end in the scope"})
    by_kind = fields.Dict(**COUNTS)
    by_region = fields.Dict(**COUNTS)
    by_sector = fields.Dict(**COUNTS)
    ties_by_type = fields.Dict(**COUNTS)
    density = fields.Float(allow_none=True)
    density_by_kinds = fields.List(fields.Nested(PairDensitySchema))
    density_by_relation = fields.List(fields.Nested(PairDensitySchema))
    degree = fields.Nested(DegreeSchema)
    components = fields.Nested(ComponentsSchema)
    average_clustering = fields.Float(allow_none=True)
    transitivity = fields.Float(allow_none=True)
    degree_centralization = fields.Float(allow_none=True)
    brokers = fields.Nested(BrokerageSchema)
    mixing = fields.Nested(MixingSchema)
    communities = fields.Nested(CommunitiesSchema)
    needs = fields.Nested(NeedCoverageSchema)
    growth = fields.List(fields.Nested(MonthSchema))
    funding = fields.Nested(FundingSchema)
    min_count = fields.Integer(metadata={"description": "counts from 1 to min_count − 1 are "
                                                       "suppressed (null)"})
    suppressed_cells = fields.Integer()


FIGURES = {"keys": fields.String(), "values": fields.Float(allow_none=True)}


class ComparisonSchema(Schema):
    compare_to = fields.Date(attribute="before.scope.as_of")
    before = fields.Dict(attribute="before_figures", **FIGURES)
    after = fields.Dict(attribute="after_figures", **FIGURES)
    changes = fields.Dict(**FIGURES, metadata={"description": "after − before"})


class ReportResultSchema(Schema):
    report = fields.Nested(ReportSchema)
    comparison = fields.Nested(ComparisonSchema, allow_none=True,
                               metadata={"description": "when compare_to is given"})
