using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.Actions;

/// <summary>Partnership actions and the priority, place and document they belong to.</summary>
public static class ActionGraph
{
    public static void Relate(DomainGraphs g)
    {
        var a = g.Actions;
        a.Reference("area", g.Areas, "area_code", "The area of the action.");
        a.Reference("priority", g.Priorities, "priority_id", "The priority the action serves, or null.");
        a.Reference("source", g.Sources, "source_id", "The source that publishes the action.");
    }

    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.Actions, "actions", "action", "key", "The action's id as published.");
}
