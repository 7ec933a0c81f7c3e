using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/areas</c>: borough, wards of both boundary sets and other places; polygons as GeoJSON.</summary>
public static class AreasApi
{
    public static readonly DatasetResource<Area, AreaDto> Resource = new()
    {
        Dataset = AreaDto.Dataset,
        RestNote = "format=geojson returns a FeatureCollection with the ward polygons, ready for a map.",
        GeoJson = true,
        ExtraLinkFields = ["has_boundary"],
        ExtraLinks = (a, links, list) =>
        {
            if (a.HasBoundary) list.Path("boundary", links.Path("areas", a.Code, "boundary"));
            return list.Path("crime_series", RestLinks.WithQuery(links.Path("crime-figures", "series"), [new("area_code", a.Code)]));
        },
    };

    /// <summary>The routes of areas besides the collection and item: an area's boundary.</summary>
    public static RouteGroupBuilder MapAreaBoundary(this RouteGroupBuilder group)
    {
        group.MapGet("/areas/{code}/boundary", BoundaryAsync)
            .Reads(AreaDto.Dataset.ResourceName)
            .WithName("GetAreaBoundary")
            .WithSummary("Get the boundary of an area as a GeoJSON Feature")
            .WithDescription("The polygon of a ward (WGS84) as a GeoJSON Feature whose properties are the area's fields and links. 404 when there is no such area or no polygon is published for it.")
            .WithTags(AreaDto.Dataset.Title)
            .Produces<GeoJsonFeature>(StatusCodes.Status200OK, OutputFormats.GeoJson, OutputFormats.Json)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter("code", "GSS code of the area (a ward of either boundary set).", "E05009388")
            .WithQueryParameter("fields", "Properties to return, comma-separated (default: all). Links are always returned.", "code,name")
            .WithQueryParameter("format", "geojson (the default; json is accepted and gives the same body).", "geojson");
        return group;
    }

    /// <summary>The boundary of one area.</summary>
    /// <param name="code" example="E05009388">GSS code of the area (a ward of either boundary set).</param>
    /// <param name="context">The request.</param>
    /// <param name="db">The store.</param>
    /// <param name="engine">The query layer.</param>
    /// <param name="releases">The data release reader.</param>
    /// <param name="cancellationToken">Request aborted.</param>
    private static async Task<IResult> BoundaryAsync(string code, HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken cancellationToken)
    {
        var negotiated = OutputFormats.Negotiate(context.Request, [OutputFormat.GeoJson], jsonAlias: true);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable([OutputFormats.GeoJson, OutputFormats.Json]);
        var dataset = Resource.Dataset;
        var errors = new List<QueryError>();
        IReadOnlyList<FieldInfo> selected = dataset.Fields;
        IReadOnlyList<string>? names = null;
        foreach (var (name, values) in context.Request.Query)
        {
            if (name == "format") continue;
            if (name == "fields" && values.Count == 1) (selected, names) = QueryStringGrammar.ParseFields(dataset, values[0] ?? "", errors);
            else errors.Add(new QueryError(name == "fields" ? QueryErrorKind.InvalidParameter : QueryErrorKind.UnknownParameter, name,
                name == "fields" ? "fields may be given once." : QueryStringGrammar.UnknownParameterMessage(name, ["fields", "format"], "the boundary takes fields and format only")));
        }
        if (errors.Count > 0) return RestProblems.FromErrors(errors);

        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        var area = await engine.GetByKeyAsync(db, dataset, code, names is null ? null : names.Concat(Resource.LinkFields).Distinct().ToList(), cancellationToken);
        if (area is null) return RestProblems.NotFound($"No area has code '{Problems.Quote(code)}'.");
        var geometry = (await AreaGeometry.GetAsync(db, [code], cancellationToken)).GetValueOrDefault(code);
        if (geometry is null) return RestProblems.NotFound($"No boundary is published for {area.Code} ({area.Name}); polygons exist for wards.");
        var links = Resource.Links(area, RestLinks.For(context)).ToList();
        return new JsonBodyResult(negotiated.MediaType, writer => RestOutput.WriteFeature(writer, geometry, w =>
        {
            RestOutput.WriteFields(w, area, selected);
            RestOutput.WriteLinks(w, links);
        }));
    }
}

/// <summary>A GeoJSON Feature (RFC 7946), for the OpenAPI document.</summary>
public sealed class GeoJsonFeature
{
    /// <summary>Always "Feature".</summary>
    /// <example>Feature</example>
    public required string Type { get; init; }

    /// <summary>A Polygon or MultiPolygon in WGS84 longitude/latitude, as published.</summary>
    public object? Geometry { get; init; }

    /// <summary>The area's fields and links.</summary>
    public required Dictionary<string, object?> Properties { get; init; }
}

/// <summary>A GeoJSON FeatureCollection (RFC 7946), for the OpenAPI document.</summary>
public sealed class GeoJsonFeatureCollection
{
    /// <summary>Always "FeatureCollection".</summary>
    /// <example>FeatureCollection</example>
    public required string Type { get; init; }

    /// <summary>One feature per ward.</summary>
    public required IReadOnlyList<GeoJsonFeature> Features { get; init; }

    /// <summary>What the collection holds: the release, and for the crime map the range and categories.</summary>
    public required Dictionary<string, object?> Metadata { get; init; }
}
