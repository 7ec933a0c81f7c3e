using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.Areas;

/// <summary>Area: the place hierarchy (borough, wards, places), its polygons and everything published about a place.</summary>
public static class AreaGraph
{
    public static void Relate(DomainGraphs g)
    {
        var a = g.Areas;
        a.Reference("parent", g.Areas, "parent_code", "The area this one lies in (a ward's borough), or null.");
        a.Children("children", g.Areas, "parent_code", "Areas that lie in this one: the borough's wards of both boundary sets, the places in a ward.");
        a.AddField(new FieldDefinition("boundary", Scalars.Scalars.GeoJson, LoadBoundaryAsync,
            "The area's boundary polygon as a GeoJSON geometry (wards), or null when none is published."), "code", "has_boundary");
        // The shared description points REST readers at the boundary link and format=geojson; here it is a field.
        const string hasBoundary = "Whether a boundary polygon is published for this area (wards): the `boundary` field returns it.";
        a.Type.GetField("hasBoundary")!.Description = hasBoundary;
        if (a.Filter.GetField("hasBoundary") is { } filter) filter.Description = hasBoundary;
        if (a.Sort.GetField("hasBoundary") is { } sort) sort.Description = hasBoundary;
        a.Reference("source", g.Sources, "source_id", "The source that defines the area.");
        a.Children("crimeFigures", g.CrimeFigures, "area_code", "Crime figures published for this area (current figures unless includeSuperseded or a where on isCurrent).");
        a.Children("targets", g.Targets, "area_code",
            "Targets set for this area. The published targets are set for the borough and the Metropolitan Police force area, not for wards: a ward's list is empty (its borough's targets are `parent { targets }`).");
        a.Children("priorities", g.Priorities, "area_code", "Priorities of plans for this area.");
        a.Children("actions", g.Actions, "area_code", "Partnership actions in this area.");
    }

    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.Areas, "areas", "area", "code", "GSS code (e.g. E09000020 for the borough, E05009388 for a ward) or the code of a named place.");

    /// <summary>Polygons are large and read apart from the rows: one query for all the areas of an execution step.</summary>
    private static ValueTask<object?> LoadBoundaryAsync(FieldContext context)
    {
        var area = (AreaDto)context.Source!;
        if (!area.HasBoundary) return new ValueTask<object?>((object?)null);
        var loader = context.BatchLoader<string, object>("OpenData:boundaries", (codes, _) => RequestStore.UseAsync(context, async (db, cancellationToken) =>
        {
            var geometries = await AreaGeometry.GetAsync(db, codes.ToList(), cancellationToken);
            return (IReadOnlyDictionary<string, object>)geometries.ToDictionary(g => g.Key, g => (object)g.Value);
        }));
        return new ValueTask<object?>(loader.LoadAsync(area.Code));
    }
}
