using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.Areas;

/// <summary>Area: what areas have besides their fields and relations: their polygons.</summary>
public static class AreaGraph
{
    public static void Relate(DomainGraphs g)
    {
        var a = g.Areas;
        a.AddField(new FieldDefinition("boundary", Scalars.Scalars.GeoJson, LoadBoundaryAsync,
            "The area's boundary polygon as a GeoJSON geometry (wards), or null when none is published."), "code", "has_boundary");
    }

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
