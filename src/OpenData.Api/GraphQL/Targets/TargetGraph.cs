using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.Targets;

/// <summary>Targets: what was promised for a place and period, and what happened.</summary>
public static class TargetGraph
{
    public static void Relate(DomainGraphs g)
    {
        var t = g.Targets;
        t.Reference("area", g.Areas, "area_code", "The area the target applies to.");
        t.Reference("category", g.OffenceCategories, "category_id", "The offence category the target is about, or null.");
        t.Reference("indicator", g.Indicators, "indicator_id", "The indicator the target is set against, or null.");
        t.Reference("source", g.Sources, "source_id", "The source that publishes the target.");
    }

    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.Targets, "targets", "target", "key", "The target's id as published (e.g. the REST path /api/v1/targets/{id}).");
}
