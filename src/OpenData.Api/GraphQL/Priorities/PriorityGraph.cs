using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.Priorities;

/// <summary>Priorities: plan themes, their sub-priorities and the actions under them.</summary>
public static class PriorityGraph
{
    public static void Relate(DomainGraphs g)
    {
        var p = g.Priorities;
        p.Reference("area", g.Areas, "area_code", "The area of the plan.");
        p.Reference("parent", g.Priorities, "parent_id", "The theme this priority sits under, or null.");
        p.Children("children", g.Priorities, "parent_id", "The priorities under this theme.");
        p.Reference("category", g.OffenceCategories, "category_id", "The offence category the priority is about, or null.");
        p.Children("actions", g.Actions, "priority_id", "Partnership actions under this priority.");
        p.Reference("source", g.Sources, "source_id", "The source that publishes the priority.");
    }

    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.Priorities, "priorities", "priority", "key", "The priority's id as published.");
}
