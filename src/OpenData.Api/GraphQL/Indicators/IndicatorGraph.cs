using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.Indicators;

/// <summary>Indicators and the targets set against them.</summary>
public static class IndicatorGraph
{
    public static void Relate(DomainGraphs g)
    {
        var i = g.Indicators;
        i.Reference("source", g.Sources, "source_id", "The source that names the indicator.");
        i.Children("targets", g.Targets, "indicator_id", "Targets set against this indicator.");
    }

    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.Indicators, "indicators", "indicator", "key", "The indicator's id as published.");
}
