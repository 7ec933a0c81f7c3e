using OpenData.Api.Hosting;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>How one dataset is published over REST: its routes' names and documentation, and its links.</summary>
public sealed class DatasetResource<TEntity, TDto> where TEntity : class where TDto : class
{
    public required Dataset<TEntity, TDto> Dataset { get; init; }

    /// <summary>Operation name of the collection route (OpenAPI operationId), e.g. <c>ListAreas</c>.</summary>
    public required string ListName { get; init; }

    /// <summary>Operation name of the item route, e.g. <c>GetArea</c>.</summary>
    public required string ItemName { get; init; }

    /// <summary>Singular noun for summaries, e.g. "area".</summary>
    public required string Noun { get; init; }

    /// <summary>What the collection holds and what it is for, in a sentence or two (the filter grammar is appended).</summary>
    public required string About { get; init; }

    /// <summary>A key that exists in the published data (OpenAPI example).</summary>
    public required string KeyExample { get; init; }

    /// <summary>A filter that works against the published data, for the OpenAPI example: (parameter, value).</summary>
    public required (string Name, string Value) FilterExample { get; init; }

    /// <summary>The links of a row: self first, then related records and collections.</summary>
    public required Func<TDto, RestLinks, IEnumerable<KeyValuePair<string, string>>> Links { get; init; }

    /// <summary>Fields the links read: projected even when <c>fields=</c> leaves them out.</summary>
    public IReadOnlyList<string> LinkFields { get; init; } = [];

    /// <summary>Parameters of this collection besides the shared grammar.</summary>
    public IReadOnlyList<ExtraParameter> Extras { get; init; } = [];

    /// <summary>A filter added unless the client overrides it (see <see cref="QueryStringGrammar.ParseCollection"/>).</summary>
    public Func<IReadOnlyDictionary<string, string>, FilterNode?>? ImplicitFilter { get; init; }

    /// <summary>Serve GeoJSON too (areas: features with the ward polygons).</summary>
    public bool GeoJson { get; init; }

    /// <summary>Datapackage resources the responses read, for Last-Modified.</summary>
    public IReadOnlyList<string> ReadsResources => [Dataset.ResourceName];

    internal IReadOnlyList<OutputFormat> CollectionFormats => GeoJson ? [OutputFormat.Json, OutputFormat.Csv, OutputFormat.GeoJson] : [OutputFormat.Json, OutputFormat.Csv];
    internal IReadOnlyList<OutputFormat> ItemFormats => GeoJson ? [OutputFormat.Json, OutputFormat.GeoJson] : [OutputFormat.Json];
}

/// <summary>
/// The two routes every dataset has, <c>GET /api/v1/{dataset}</c> and <c>GET /api/v1/{dataset}/{key}</c>, and
/// their handlers. Resource classes (one per dataset) describe the dataset and add their own routes.
/// </summary>
public static class DatasetRoutes
{
    public static RouteGroupBuilder MapDataset<TEntity, TDto>(this RouteGroupBuilder group, DatasetResource<TEntity, TDto> resource)
        where TEntity : class where TDto : class
    {
        var dataset = resource.Dataset;
        var collectionTypes = resource.CollectionFormats.Select(OutputFormats.MediaType).ToArray();

        var list = group.MapGet("/" + dataset.Name,
                (HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken cancellationToken) =>
                    ListAsync(resource, context, db, engine, releases, cancellationToken))
            .Reads(resource.ReadsResources)
            .WithName(resource.ListName)
            .WithSummary($"List {dataset.Title.ToLowerInvariant()}")
            .WithDescription(CollectionDescription(resource))
            .WithTags(dataset.Title)
            .Produces<CollectionDocument<TDto>>(StatusCodes.Status200OK, collectionTypes[0], collectionTypes[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        DocumentCollectionParameters(list, resource);
        list.RequireAdmission(HeavyWork.Export, context => IsExport(context, resource));

        var item = group.MapGet($"/{dataset.Name}/{{{dataset.Key.Name}}}",
                (HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken cancellationToken) =>
                    ItemAsync(resource, context, db, engine, releases, cancellationToken))
            .Reads(resource.ReadsResources)
            .WithName(resource.ItemName)
            .WithSummary($"Get one {resource.Noun} by {dataset.Key.Name}")
            .WithDescription($"One {resource.Noun} with its links to related records. 404 when no {resource.Noun} has this {dataset.Key.Name}."
                + (resource.GeoJson ? " Also as a GeoJSON Feature with its polygon (Accept: application/geo+json or format=geojson)." : ""))
            .WithTags(dataset.Title)
            .Produces<ItemDocument<TDto>>(StatusCodes.Status200OK, OutputFormats.Json, resource.ItemFormats.Skip(1).Select(OutputFormats.MediaType).ToArray())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter(dataset.Key.Name, dataset.Key.Description, resource.KeyExample)
            .WithQueryParameter("fields", "Fields to return, comma-separated (default: all). Links are always returned.", string.Join(",", dataset.Fields.Take(2).Select(f => f.Name)))
            .WithQueryParameter("format", $"Output format, instead of the Accept header: {string.Join(" or ", resource.ItemFormats.Select(OutputFormats.Name))}.", "json");
        return group;
    }

    /// <summary>
    /// A dataset's rows that belong to one record of another, as a collection below that record's item route:
    /// <c>GET /api/v1/{parent}/{key}/{dataset}</c> (a release's changes). The same grammar, paging, sorting and
    /// formats as a top-level collection, scoped to the parent, which must exist (404 otherwise).
    /// </summary>
    public static RouteHandlerBuilder MapNestedCollection<TEntity, TDto>(this RouteGroupBuilder group, DatasetResource<TEntity, TDto> resource, NestedScope scope)
        where TEntity : class where TDto : class
    {
        var dataset = resource.Dataset;
        var collectionTypes = resource.CollectionFormats.Select(OutputFormats.MediaType).ToArray();
        var list = group.MapGet($"/{scope.Parent}/{{{scope.ParentKey}}}/{dataset.Name}",
                async (HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken cancellationToken) =>
                {
                    var key = (string)context.Request.RouteValues[scope.ParentKey]!;
                    var parent = await scope.FindAsync(db, key, cancellationToken);
                    if (parent is null) return RestProblems.NotFound($"No {scope.ParentNoun} has {scope.ParentKey} '{Problems.Quote(key)}'.");
                    return await ListAsync(resource, context, db, engine, releases, cancellationToken, FilterNode.Where(scope.ForeignKey, FilterOperator.Eq, parent));
                })
            .Reads(resource.ReadsResources)
            .WithName(resource.ListName)
            .WithSummary($"List the {dataset.Title.ToLowerInvariant()} of one {scope.ParentNoun}")
            .WithDescription(CollectionDescription(resource) + $"\n404 when no {scope.ParentNoun} has this {scope.ParentKey}.")
            .WithTags(scope.Tag)
            .Produces<CollectionDocument<TDto>>(StatusCodes.Status200OK, collectionTypes[0], collectionTypes[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter(scope.ParentKey, scope.ParentKeyDescription, scope.ParentKeyExample);
        DocumentCollectionParameters(list, resource, routeParameter: scope.ParentKey);
        list.RequireAdmission(HeavyWork.Export, context => IsExport(context, resource));
        return list;
    }

    /// <summary>A CSV or GeoJSON export (every row, streamed) rather than a JSON page: heavy work, admitted.</summary>
    private static bool IsExport<TEntity, TDto>(HttpContext context, DatasetResource<TEntity, TDto> resource)
        where TEntity : class where TDto : class =>
        OutputFormats.Negotiate(context.Request, resource.CollectionFormats) is { Ok: true } negotiated && negotiated.Format != OutputFormat.Json;

    private static async Task<IResult> ListAsync<TEntity, TDto>(DatasetResource<TEntity, TDto> resource, HttpContext context, OpenDataDbContext db,
        QueryEngine engine, ReleaseReader releases, CancellationToken cancellationToken, FilterNode? scope = null)
        where TEntity : class where TDto : class
    {
        var dataset = resource.Dataset;
        var negotiated = OutputFormats.Negotiate(context.Request, resource.CollectionFormats);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable(resource.CollectionFormats.Select(OutputFormats.MediaType));

        var (request, errors) = QueryStringGrammar.ParseCollection(dataset, context.Request.Query, engine.Options, negotiated.Format, resource.Extras, resource.ImplicitFilter);
        if (request is null) return RestProblems.FromErrors(errors);
        var query = request.Query with
        {
            Fields = WithLinkFields(request.Query.Fields, resource.LinkFields),
            Filter = scope is null ? request.Query.Filter : request.Query.Filter is null ? scope : FilterNode.And(scope, request.Query.Filter),
        };
        // An export streams: its sort, cursor and filter are checked before any byte is written, so a bad value is a
        // 400, not a broken stream. (A JSON page is built whole first; its read reports the same errors itself.)
        if (negotiated.Format != OutputFormat.Json)
        {
            try
            {
                var sort = engine.EffectiveSort(dataset, query.Sort);
                if (query.Page.After is { } cursor) Cursor.Decode(dataset, sort, cursor);
                FilterLimits.Check(query.Filter, engine.Options);
                FilterTranslator.ToPredicate<TEntity>(dataset, query.Filter);
            }
            catch (QueryException e)
            {
                return RestProblems.FromException(e);
            }
            // One release from the first row to the last, and the one the headers name: the release and every
            // batch are read in one snapshot, which ends with the response.
            context.Response.RegisterForDisposeAsync(await StoreSnapshot.BeginAsync(db, cancellationToken));
        }

        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        var links = RestLinks.For(context);

        if (negotiated.Format == OutputFormat.Json)
        {
            Page<TDto> page;
            try
            {
                page = await engine.ReadPageAsync(db, dataset, query, cancellationToken);
            }
            catch (QueryException e)
            {
                return RestProblems.FromException(e);
            }
            var self = RestLinks.Self(context.Request);
            var next = page.HasNextPage ? RestLinks.Self(context.Request, ("cursor", page.EndCursor)) : null;
            if (next is not null) context.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
            return new JsonBodyResult(negotiated.MediaType, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("data");
                foreach (var row in page.Items)
                {
                    RestOutput.WriteRow(writer, row, request.Selected, resource.Links(row, links));
                }
                writer.WriteEndArray();
                writer.WriteStartObject("links");
                writer.WriteString("self", self);
                if (next is null) writer.WriteNull("next");
                else writer.WriteString("next", next);
                writer.WriteEndObject();
                writer.WriteStartObject("meta");
                writer.WriteString("dataset", dataset.ResourceName);
                RestOutput.WriteRelease(writer, release);
                writer.WriteNumber("limit", request.Limit);
                writer.WriteStartArray("sort");
                foreach (var s in page.Sort) writer.WriteStringValue(s.ToString());
                writer.WriteEndArray();
                if (page.TotalCount is { } total) writer.WriteNumber("total", total);
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
        }

        // Exports: every row unless limit is given, streamed in keyset batches.
        var cap = context.Request.Query.ContainsKey("limit") ? request.Limit : long.MaxValue;
        if (negotiated.Format == OutputFormat.Csv)
        {
            return new StreamedBodyResult("text/csv; charset=utf-8; header=present", dataset.ResourceName + ".csv", async (http, body, ct) =>
            {
                var csv = new CsvBody(body, request.Bom);
                RestOutput.WriteCsvRow(csv.Rows, request.Selected.Select(f => f.Name));
                long written = 0;
                await foreach (var batch in engine.StreamBatchesAsync(db, dataset, query, ct))
                {
                    foreach (var row in batch)
                    {
                        if (written++ >= cap) break;
                        RestOutput.WriteCsvRow(csv.Rows, row, request.Selected);
                    }
                    await csv.FlushAsync(ct);
                    if (written >= cap) break;
                }
                await csv.FlushAsync(ct);
            });
        }

        return new StreamedBodyResult(OutputFormats.GeoJson + "; charset=utf-8", null, async (http, body, ct) =>
        {
            await using var writer = new System.Text.Json.Utf8JsonWriter(body, RestOutput.WriterOptions);
            writer.WriteStartObject();
            writer.WriteString("type", "FeatureCollection");
            writer.WriteStartArray("features");
            long written = 0;
            await foreach (var batch in engine.StreamBatchesAsync(db, dataset, query, ct))
            {
                var keys = batch.Select(row => (string)dataset.Key.Getter(row)!).ToList();
                var geometries = await AreaGeometry.GetAsync(db, keys, ct);
                foreach (var row in batch)
                {
                    if (written++ >= cap) break;
                    RestOutput.WriteFeature(writer, geometries.GetValueOrDefault((string)dataset.Key.Getter(row)!), w =>
                    {
                        RestOutput.WriteFields(w, row, request.Selected);
                        RestOutput.WriteLinks(w, resource.Links(row, links));
                    });
                }
                await writer.FlushAsync(ct);
                if (written >= cap) break;
            }
            writer.WriteEndArray();
            writer.WriteStartObject("metadata");
            writer.WriteString("dataset", dataset.ResourceName);
            RestOutput.WriteRelease(writer, release);
            writer.WriteEndObject();
            writer.WriteEndObject();
            await writer.FlushAsync(ct);
        });
    }

    private static async Task<IResult> ItemAsync<TEntity, TDto>(DatasetResource<TEntity, TDto> resource, HttpContext context, OpenDataDbContext db,
        QueryEngine engine, ReleaseReader releases, CancellationToken cancellationToken)
        where TEntity : class where TDto : class
    {
        var dataset = resource.Dataset;
        var negotiated = OutputFormats.Negotiate(context.Request, resource.ItemFormats);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable(resource.ItemFormats.Select(OutputFormats.MediaType));

        var errors = new List<QueryError>();
        IReadOnlyList<FieldInfo> selected = dataset.Fields;
        IReadOnlyList<string>? names = null;
        foreach (var (name, values) in context.Request.Query)
        {
            if (name == "format") continue;
            if (name == "fields" && values.Count == 1) (selected, names) = QueryStringGrammar.ParseFields(dataset, values[0] ?? "", errors);
            else if (name == "fields") errors.Add(new QueryError(QueryErrorKind.InvalidParameter, name, "fields may be given once."));
            else errors.Add(new QueryError(QueryErrorKind.UnknownParameter, name, QueryStringGrammar.UnknownParameterMessage(name, ["fields", "format"], "an item takes fields and format only")));
        }
        if (errors.Count > 0) return RestProblems.FromErrors(errors);

        var key = (string)context.Request.RouteValues[dataset.Key.Name]!;
        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        var row = await engine.GetByKeyAsync(db, dataset, key, WithLinkFields(names, resource.LinkFields), cancellationToken);
        if (row is null) return RestProblems.NotFound($"No {resource.Noun} has {dataset.Key.Name} '{Problems.Quote(key)}'.");

        var links = resource.Links(row, RestLinks.For(context)).ToList();
        if (negotiated.Format == OutputFormat.GeoJson)
        {
            var geometry = (await AreaGeometry.GetAsync(db, [key], cancellationToken)).GetValueOrDefault(key);
            return new JsonBodyResult(negotiated.MediaType, writer => RestOutput.WriteFeature(writer, geometry, w =>
            {
                RestOutput.WriteFields(w, row, selected);
                RestOutput.WriteLinks(w, links);
            }));
        }
        return new JsonBodyResult(negotiated.MediaType, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            RestOutput.WriteRow(writer, row, selected, links);
            writer.WriteStartObject("meta");
            writer.WriteString("dataset", dataset.ResourceName);
            RestOutput.WriteRelease(writer, release);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static IReadOnlyList<string>? WithLinkFields(IReadOnlyList<string>? fields, IReadOnlyList<string> linkFields) =>
        fields is null ? null : fields.Concat(linkFields).Distinct(StringComparer.Ordinal).ToList();

    private static string CollectionDescription<TEntity, TDto>(DatasetResource<TEntity, TDto> resource) where TEntity : class where TDto : class
    {
        var dataset = resource.Dataset;
        var filterable = dataset.Fields.Where(f => f.Filterable)
            .Select(f => $"`{f.Name}` ({FieldValues.TypeName(f.Type)}: {string.Join(", ", f.Operators.Select(FilterTranslator.OperatorName))})"
                // A field named like a grammar parameter (assessment-scores' total) is only reachable with an operator.
                + (QueryStringGrammar.Reserved.Contains(f.Name) ? $" — as `{f.Name}__eq`, since `{f.Name}=` is a parameter of the listing itself (`total=true` adds the count)" : ""));
        var extras = resource.Extras.Select(e => $"`{e.Name}`: {e.Description}");
        return $"""
            {resource.About}

            **Filters**: `field=value` (equals) or `field__op=value`, all ANDed, each parameter at most once (for any of several values use `field__in`); unknown parameters, bad values and values outside a field's listed set are a 400 problem.
            Operators: ne, lt, lte, gt, gte, in and nin (comma-separated values), contains, startswith and endswith (case-insensitive), isnull (true/false).
            Fields and their operators: {string.Join("; ", filterable)}.
            {(resource.Extras.Count > 0 ? "Also " + string.Join("; ", extras) + "." : "")}

            **Sort** `sort=field,-field` (default `{string.Join(",", dataset.DefaultSort)}`; the key `{dataset.Key.Name}` always breaks ties).
            **Paging**: `limit` (default 100, at most 1000) and the opaque `cursor` of the `next` link (also in the `Link` header); `total=true` adds the count.
            **Formats**: JSON (default), CSV (`Accept: text/csv` or `format=csv`, every matching row streamed, `bom=true` for spreadsheets){(resource.GeoJson ? ", GeoJSON (`Accept: application/geo+json` or `format=geojson`, features with polygons)" : "")}.
            """;
    }

    // routeParameter: a path parameter of the route (a nested collection's parent key). A field of the same name is
    // declared in its __eq form, as the reserved names are, so both parameters are documented.
    private static void DocumentCollectionParameters<TEntity, TDto>(RouteHandlerBuilder builder, DatasetResource<TEntity, TDto> resource, string? routeParameter = null)
        where TEntity : class where TDto : class
    {
        var dataset = resource.Dataset;
        var (filterName, filterValue) = resource.FilterExample;
        // Every filterable field is a declared parameter (its equality form, with type, enum and example), so
        // generated clients can use them; the operator forms are listed in each one's description. The resource's
        // filter example supplies the example for its field, or is declared as is when it shows an operator form.
        foreach (var field in dataset.Fields.Where(f => f.Filterable))
        {
            var name = QueryStringGrammar.Reserved.Contains(field.Name) || field.Name == routeParameter ? field.Name + QueryStringGrammar.OperatorSeparator + "eq" : field.Name;
            builder.WithMetadata(new FilterFieldMetadata(name, field, typeof(TDto), field.Name == filterName ? filterValue : null));
        }
        if (filterName.Contains(QueryStringGrammar.OperatorSeparator, StringComparison.Ordinal))
        {
            builder.WithQueryParameter(filterName, $"Example of an operator form: {dataset.FindField(filterName.Split(QueryStringGrammar.OperatorSeparator)[0])?.Description ?? ""}", filterValue);
        }
        builder
            .WithQueryParameter("sort", "Sort keys, comma-separated; '-' before a field sorts descending.", "-" + dataset.DefaultSort[0].Field.TrimStart('-'))
            .WithQueryParameter("fields", "Fields to return, comma-separated, in this order (JSON properties, CSV columns). Links are always returned.", string.Join(",", dataset.Fields.Take(2).Select(f => f.Name)))
            .WithQueryParameter("limit", "Rows per page, 1 to 1000 (default 100). With CSV or GeoJSON, the most rows to export (default: all).", "100", "integer")
            .WithQueryParameter("cursor", "Opaque position from the previous page's next link; only valid with the same sort.", "WyJ4In0")
            .WithQueryParameter("total", "true adds meta.total, the number of matching rows.", "true", "boolean")
            .WithQueryParameter("format", $"Output format, instead of the Accept header: {string.Join(", ", resource.CollectionFormats.Select(OutputFormats.Name))}.", "csv")
            .WithQueryParameter("bom", "CSV only: true starts the file with a UTF-8 byte-order mark, for spreadsheet programs.", "true", "boolean");
        foreach (var extra in resource.Extras)
        {
            builder.WithQueryParameter(extra.Name, extra.Description, extra.Example, extra.Type);
        }
    }
}

/// <summary>The record a nested collection belongs to (see <see cref="DatasetRoutes.MapNestedCollection"/>).</summary>
public sealed class NestedScope
{
    /// <summary>The parent's collection path segment, e.g. <c>releases</c>.</summary>
    public required string Parent { get; init; }

    /// <summary>The parent's key route parameter, e.g. <c>id</c>.</summary>
    public required string ParentKey { get; init; }

    public required string ParentKeyDescription { get; init; }

    public required string ParentKeyExample { get; init; }

    /// <summary>Singular noun of the parent, for summaries and the 404.</summary>
    public required string ParentNoun { get; init; }

    /// <summary>The OpenAPI tag (the parent's).</summary>
    public required string Tag { get; init; }

    /// <summary>The child field holding the parent's key.</summary>
    public required string ForeignKey { get; init; }

    /// <summary>The parent's key as the foreign key's value, or null when no parent has this key.</summary>
    public required Func<OpenDataDbContext, string, CancellationToken, Task<object?>> FindAsync { get; init; }
}

/// <summary>Names the release a response is read from: <c>X-Data-Release</c> and <see cref="ServedData"/>.</summary>
public static class RestRelease
{
    /// <summary>
    /// Announces the current release on the response (X-Data-Release) and the version of the datasets the route
    /// reads (its <see cref="ReadsDatasets"/>) for the validators. Returns the release the body names in
    /// <c>meta.release</c>: the newest release that modified those datasets, not the current one. A body is then the
    /// same bytes across releases that leave its data alone, as its strong ETag (which does not move) promises;
    /// X-Data-Release still says which release is current. Null when the store holds none (answer 503).
    /// </summary>
    public static async Task<ReleaseInfo?> ServeAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases, CancellationToken cancellationToken)
    {
        var release = await releases.GetCurrentAsync(db, cancellationToken);
        if (release is null) return null;
        var data = await releases.GetDataVersionAsync(db, release, ReadsDatasets.Of(context), cancellationToken);
        context.Response.Headers[ReleaseCaching.DataReleaseHeader] = release.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Features.Set(new ServedData(release, data));
        return data.Release;
    }
}

/// <summary>A page of a dataset (the JSON shape; each row also carries <c>links</c>).</summary>
public sealed class CollectionDocument<T>
{
    /// <summary>The rows of this page, each with its fields (all, or those named by <c>fields=</c>) and <c>links</c>.</summary>
    public required IReadOnlyList<T> Data { get; init; }

    /// <summary>This page and the next (null on the last page).</summary>
    public required PageLinks Links { get; init; }

    public required CollectionMeta Meta { get; init; }
}

/// <summary>One row (the JSON shape; the row also carries <c>links</c>).</summary>
public sealed class ItemDocument<T>
{
    public required T Data { get; init; }

    public required ItemMeta Meta { get; init; }
}

public sealed class PageLinks
{
    /// <summary>This page.</summary>
    /// <example>/api/v1/areas?type=ward</example>
    public required string Self { get; init; }

    /// <summary>The next page, or null on the last page.</summary>
    /// <example>/api/v1/areas?type=ward&amp;cursor=WyJ4In0</example>
    public string? Next { get; init; }
}

public sealed class CollectionMeta
{
    /// <summary>Dataset name.</summary>
    /// <example>areas</example>
    public required string Dataset { get; init; }

    public required ReleaseSummary Release { get; init; }

    /// <summary>Page size used.</summary>
    /// <example>100</example>
    public int Limit { get; init; }

    /// <summary>The sort applied, key tiebreak included ('-' = descending).</summary>
    /// <example>["code"]</example>
    public required IReadOnlyList<string> Sort { get; init; }

    /// <summary>Rows matching the filters; present only with total=true.</summary>
    /// <example>44</example>
    public long? Total { get; init; }
}

public sealed class ItemMeta
{
    /// <summary>Dataset name.</summary>
    /// <example>areas</example>
    public required string Dataset { get; init; }

    public required ReleaseSummary Release { get; init; }
}

/// <summary>
/// The release the response's data is from: the newest release that changed any dataset the response reads. Their
/// rows are the same in every release since, so this (and the ETag) stays put across releases that leave them
/// alone; the X-Data-Release header names the current release, which may be later.
/// </summary>
public sealed class ReleaseSummary
{
    /// <summary>Release id: the newest release that changed the data read (X-Data-Release names the current one).</summary>
    /// <example>1</example>
    public int Id { get; init; }

    /// <summary>SHA-256 of the release's content.</summary>
    /// <example>4f9c2b7e0a1d3c5e7f9b1d3f5a7c9e1b4f9c2b7e0a1d3c5e7f9b1d3f5a7c9e1b</example>
    public required string ContentHash { get; init; }

    /// <summary>When the release was imported.</summary>
    /// <example>2025-11-22T02:00:00+00:00</example>
    public DateTimeOffset ImportedAt { get; init; }
}
