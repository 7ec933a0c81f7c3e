using System.Globalization;
using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.Areas;

/// <summary>Area: what areas have besides their fields and relations: their polygons, and the ward at a point.</summary>
public static class AreaGraph
{
    public static void Relate(DomainGraphs g)
    {
        var a = g.Areas;
        a.AddField(new FieldDefinition("boundary", Scalars.Scalars.GeoJson, LoadBoundaryAsync,
            "The area's boundary polygon as a GeoJSON geometry (wards and boroughs), or null when none is published."), "code", "has_boundary");
    }

    /// <summary>The root field <c>locateArea</c>: the ward that contains a point (REST: /api/v1/areas/locate).</summary>
    public static void AddQueryFields(ObjectType query, DomainGraphs g)
    {
        var field = new FieldDefinition("locateArea", g.Areas.Type, context => LocateAsync(context, g),
            "The ward of a boundary set whose polygon contains a WGS84 point, like data.police.uk's locate-neighbourhood; its borough is parent. "
            + "Null when no ward of the set contains the point (outside the borough, or in the Thames). A point on the line between two wards gets the ward with the lower code. (REST: /api/v1/areas/locate.)");
        field.Argument("lat", ScalarType.Float.NonNull(), "Latitude, WGS84 decimal degrees, -90 to 90.");
        field.Argument("lon", ScalarType.Float.NonNull(), "Longitude, WGS84 decimal degrees, -180 to 180.");
        field.Argument("boundarySet", ScalarType.String, $"Ward boundary set: {string.Join(" or ", AreaLocator.BoundarySets)} (default: the newest set with polygons, 2022).");
        query.AddField(field);
    }

    private static async ValueTask<object?> LocateAsync(FieldContext context, DomainGraphs g)
    {
        var arguments = context.Arguments;
        var lat = Convert.ToDouble(arguments["lat"], CultureInfo.InvariantCulture);
        var lon = Convert.ToDouble(arguments["lon"], CultureInfo.InvariantCulture);
        var boundarySet = arguments.GetValueOrDefault("boundarySet") as string;
        var locator = context.RequestServices.GetRequiredService<AreaLocator>();
        var releases = context.RequestServices.GetRequiredService<ReleaseReader>();
        WardLocation? located;
        try
        {
            located = await RequestStore.UseAsync(context, async (db, cancellationToken) =>
                await releases.GetCurrentAsync(db, cancellationToken) is { } release
                    ? await locator.LocateAsync(db, release, lat, lon, boundarySet, cancellationToken)
                    : null);
        }
        catch (QueryException e)
        {
            throw QueryErrors.ToGraphQL(e);
        }
        return located?.WardCode is { } code ? await g.Areas.LoadAsync(context, code) : null;
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
