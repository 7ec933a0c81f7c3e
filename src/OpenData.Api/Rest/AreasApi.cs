using System.Globalization;
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

    /// <summary>The routes of areas besides the collection and item: an area's boundary, and the ward at a point.</summary>
    public static RouteGroupBuilder MapAreaBoundary(this RouteGroupBuilder group)
    {
        group.MapGet("/areas/locate", LocateAsync)
            .Reads(AreaDto.Dataset.ResourceName)
            .WithName("LocateArea")
            .WithSummary("Find the ward and borough that contain a point")
            .WithDescription("Point to area, like data.police.uk's locate-neighbourhood: the ward of a boundary set whose polygon contains a WGS84 point (lat, lon in decimal degrees), as the areas item (its fields and links), and the borough it lies in. boundary_set chooses the ward set (2022, 2018, 2014 or 2002-2014; a ward whose code several sets hold is found in each of them, drawn with the newest set's polygon); without it the answer is the ward of the newest set with polygons (2022), and meta.boundary_set says which set was used. A point on the line between two wards is in both; the ward with the lower code is answered. 404 when no ward of the set contains the point (outside London, or outside the wards of an older set that covered one borough). A missing, repeated or unknown parameter, a latitude outside -90..90, a longitude outside -180..180, or a boundary set outside the list is a 400 naming the parameter.")
            .WithTags(AreaDto.Dataset.Title)
            .Produces<LocateDocument>(StatusCodes.Status200OK, OutputFormats.Json)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter("lat", "Latitude of the point, WGS84 decimal degrees, -90 to 90 (required).", "51.4964", "number", required: true)
            .WithQueryParameter("lon", "Longitude of the point, WGS84 decimal degrees, -180 to 180 (required).", "-0.19724", "number", required: true)
            .WithQueryParameter("boundary_set", $"Ward boundary set: {string.Join(" or ", AreaLocator.BoundarySets)} (default: the newest set with polygons, 2022).", "2022")
            .WithQueryParameter("format", "json (the default and only format).", "json");


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
        if (geometry is null) return RestProblems.NotFound($"No boundary is published for {area.Code} ({area.Name}); polygons exist for wards and boroughs.");
        var links = Resource.Links(area, RestLinks.For(context)).ToList();
        return new JsonBodyResult(negotiated.MediaType, writer => RestOutput.WriteFeature(writer, geometry, w =>
        {
            RestOutput.WriteFields(w, area, selected);
            RestOutput.WriteLinks(w, links);
        }));
    }

    /// <summary>The ward that contains a point, and its borough.</summary>
    /// <param name="context">The request.</param>
    /// <param name="db">The store.</param>
    /// <param name="engine">The query layer.</param>
    /// <param name="locator">The ward polygons, indexed per release.</param>
    /// <param name="releases">The data release reader.</param>
    /// <param name="cancellationToken">Request aborted.</param>
    private static async Task<IResult> LocateAsync(HttpContext context, OpenDataDbContext db, QueryEngine engine, AreaLocator locator, ReleaseReader releases,
        CancellationToken cancellationToken)
    {
        var negotiated = OutputFormats.Negotiate(context.Request, [OutputFormat.Json]);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable([OutputFormats.Json]);
        string[] parameters = ["lat", "lon", "boundary_set"];
        var errors = new List<QueryError>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, given) in context.Request.Query)
        {
            if (name == "format") continue;
            if (!parameters.Contains(name)) errors.Add(new QueryError(QueryErrorKind.UnknownParameter, name, QueryStringGrammar.UnknownParameterMessage(name, [.. parameters, "format"], "this route takes lat, lon, boundary_set and format")));
            else if (given.Count != 1) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, name, $"{name} may be given once."));
            else values[name] = given[0] ?? "";
        }
        var lat = ReadDegrees(values, "lat", "latitude", "-90 to 90", "51.4964", errors);
        var lon = ReadDegrees(values, "lon", "longitude", "-180 to 180", "-0.19724", errors);
        var boundarySet = values.GetValueOrDefault("boundary_set");
        // The ranges and the closed set are the query layer's rules (GraphQL's locateArea applies the same); a value
        // that is not a number at all is reported above, once.
        errors.AddRange(AreaLocator.Check(lat ?? 0, lon ?? 0, boundarySet));
        if (errors.Count > 0) return RestProblems.FromErrors(errors);

        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        var current = context.Features.Get<ServedData>()!.Release;
        var located = await locator.LocateAsync(db, current, lat!.Value, lon!.Value, boundarySet, cancellationToken);
        var dataset = Resource.Dataset;
        var ward = located.WardCode is null ? null : await engine.GetByKeyAsync(db, dataset, located.WardCode, null, cancellationToken);
        if (ward is null)
        {
            return RestProblems.NotFound($"No ward of boundary set {located.BoundarySet} contains ({FormatDegrees(lat.Value)}, {FormatDegrees(lon.Value)}).");
        }
        // The borough is the ward's parent (a ward's parent_code names its borough); any level between is climbed.
        var borough = ward;
        for (var depth = 0; depth < 4 && borough is not null && borough.Type != "borough"; depth++)
        {
            borough = borough.ParentCode is { } parent ? await engine.GetByKeyAsync(db, dataset, parent, null, cancellationToken) : null;
        }
        if (borough?.Type != "borough") borough = null;

        var links = RestLinks.For(context);
        return new JsonBodyResult(negotiated.MediaType, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("data");
            writer.WritePropertyName("ward");
            RestOutput.WriteRow(writer, ward, dataset.Fields, Resource.Links(ward, links));
            writer.WritePropertyName("borough");
            if (borough is null) writer.WriteNullValue();
            else RestOutput.WriteRow(writer, borough, dataset.Fields, Resource.Links(borough, links));
            writer.WriteEndObject();
            writer.WriteStartObject("meta");
            writer.WriteString("dataset", dataset.ResourceName);
            RestOutput.WriteRelease(writer, release);
            writer.WriteString("boundary_set", located.BoundarySet);
            writer.WriteNumber("lat", lat.Value);
            writer.WriteNumber("lon", lon.Value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>A required coordinate in decimal degrees; null (with the error) when it is missing or not a number.</summary>
    private static double? ReadDegrees(Dictionary<string, string> values, string name, string what, string range, string example, List<QueryError> errors)
    {
        if (!values.TryGetValue(name, out var text))
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, name, $"{name} is required: the {what} of the point, WGS84 decimal degrees from {range} (e.g. {example})."));
            return null;
        }
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var degrees)) return degrees;
        errors.Add(new QueryError(QueryErrorKind.InvalidParameter, name, $"'{text}' is not a number: {name} is the {what} in WGS84 decimal degrees from {range} (e.g. {example}).") { Value = text });
        return null;
    }

    private static string FormatDegrees(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>The ward at a point and its borough (the JSON shape; each area also carries <c>links</c>).</summary>
public sealed class LocateDocument
{
    public required LocatedAreas Data { get; init; }

    public required LocateMeta Meta { get; init; }
}

public sealed class LocatedAreas
{
    /// <summary>The ward that contains the point, as the areas item (fields and links).</summary>
    public required AreaDto Ward { get; init; }

    /// <summary>The borough the ward lies in, as the areas item; null when the ward names no borough.</summary>
    public AreaDto? Borough { get; init; }
}

public sealed class LocateMeta
{
    /// <summary>Dataset name.</summary>
    /// <example>areas</example>
    public required string Dataset { get; init; }

    public required ReleaseSummary Release { get; init; }

    /// <summary>The ward boundary set looked in: the one asked for, else the newest.</summary>
    /// <example>2022</example>
    public required string BoundarySet { get; init; }

    /// <summary>Latitude of the point, as given.</summary>
    /// <example>51.4964</example>
    public required double Lat { get; init; }

    /// <summary>Longitude of the point, as given.</summary>
    /// <example>-0.19724</example>
    public required double Lon { get; init; }
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
