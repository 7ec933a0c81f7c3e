using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.Sources;

/// <summary>Source: where rows come from; every dataset's rows link back to it.</summary>
public static class SourceGraph
{
    public static void Relate(DomainGraphs g)
    {
        var s = g.Sources;
        s.Reference("area", g.Areas, "area_code", "The area the source covers.");
        s.Children("areas", g.Areas, "source_id", "Areas defined by this source.");
        s.Children("offenceCategories", g.OffenceCategories, "source_id", "Offence categories defined by this source.");
        s.Children("crimeFigures", g.CrimeFigures, "source_id", "Crime figures published by this source.");
        s.Children("indicators", g.Indicators, "source_id", "Indicators named by this source.");
        s.Children("targets", g.Targets, "source_id", "Targets published by this source.");
        s.Children("priorities", g.Priorities, "source_id", "Priorities published by this source.");
        s.Children("actions", g.Actions, "source_id", "Partnership actions published by this source.");
        s.Children("assessmentScores", g.AssessmentScores, "source_id", "Strategic-assessment scores published by this source.");
        s.Children("risks", g.Risks, "source_id", "Risk-register entries published by this source.");
    }

    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.Sources, "sources", "source", "key", "The source's id as published (e.g. the REST path /api/v1/sources/{id}).");
}
