using OpenData.Api.Hosting;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

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
        var options = OptionsOf(group);
        var collectionTypes = resource.CollectionFormats.Select(OutputFormats.MediaType).ToArray();

        var list = group.MapGet("/" + dataset.Name,
                (HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken cancellationToken) =>
                    ListAsync(resource, context, db, engine, releases, cancellationToken))
            .Reads(resource.ReadsResources)
            .WithName(resource.ListName)
            .WithSummary($"List {dataset.Title.ToLowerInvariant()}")
            .WithDescription(CollectionDescription(resource, options))
            .WithTags(dataset.Title)
            .Produces<CollectionDocument<TDto>>(StatusCodes.Status200OK, collectionTypes[0], collectionTypes[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        DocumentCollectionParameters(list, resource, options);
        list.WithRequestCost(RequestCost.PerFacet);
        list.RequireAdmission(HeavyWork.Export, context => IsExport(context, resource));

        var item = group.MapGet($"/{dataset.Name}/{{{dataset.Key.Name}}}",
                (HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken cancellationToken) =>
                    ItemAsync(resource, context, db, engine, releases, cancellationToken))
            .Reads(resource.ReadsResources)
            .WithName(resource.ItemName)
            .WithSummary($"Get one {dataset.Noun} by {dataset.Key.Name}")
            .WithDescription($"One {dataset.Noun} with its links to related records. 404 when no {dataset.Noun} has this {dataset.Key.Name}."
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
        var options = OptionsOf(group);
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
            .WithDescription(CollectionDescription(resource, options) + $"\n404 when no {scope.ParentNoun} has this {scope.ParentKey}.")
            .WithTags(scope.Tag)
            .Produces<CollectionDocument<TDto>>(StatusCodes.Status200OK, collectionTypes[0], collectionTypes[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter(scope.ParentKey, scope.ParentKeyDescription, scope.ParentKeyExample);
        DocumentCollectionParameters(list, resource, options, routeParameter: scope.ParentKey);
        list.WithRequestCost(RequestCost.PerFacet);
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
                engine.CheckStreamed(dataset, query);
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
            var facets = new List<Facet>();
            try
            {
                page = await engine.ReadPageAsync(db, dataset, query, cancellationToken);
                // One GROUP BY per facet over the page's filter (not its cursor): counts of the whole selection.
                foreach (var field in request.Facets)
                {
                    facets.Add(await engine.FacetAsync(db, dataset, field.Name, query.Filter, cancellationToken));
                }
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
                if (facets.Count > 0) RestOutput.WriteFacets(writer, facets);
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
        if (row is null) return RestProblems.NotFound($"No {dataset.Noun} has {dataset.Key.Name} '{Problems.Quote(key)}'.");

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

    /// <summary>The query options the app runs with: the documentation states the limits this deployment applies.</summary>
    private static QueryOptions OptionsOf(RouteGroupBuilder group) =>
        ((IEndpointRouteBuilder)group).ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<QueryOptions>>().Value;

    private static IReadOnlyList<string>? WithLinkFields(IReadOnlyList<string>? fields, IReadOnlyList<string> linkFields) =>
        fields is null ? null : fields.Concat(linkFields).Distinct(StringComparer.Ordinal).ToList();

    private static string CollectionDescription<TEntity, TDto>(DatasetResource<TEntity, TDto> resource, QueryOptions options) where TEntity : class where TDto : class
    {
        var dataset = resource.Dataset;
        var filterable = dataset.Fields.Where(f => f.Filterable)
            .Select(f => $"`{f.Name}` ({FieldValues.TypeName(f.Type)}: {string.Join(", ", f.Operators.Select(FilterTranslator.OperatorName))})"
                // A field named like a grammar parameter (assessment-scores' total) is only reachable with an operator.
                + (QueryStringGrammar.Reserved.Contains(f.Name) ? $" — as `{f.Name}__eq`, since `{f.Name}=` is a parameter of the listing itself (`total=true` adds the count)" : ""));
        var extras = resource.Extras.Select(e => $"`{e.Name}`: {e.Description}");
        var facetable = Facets.Facetable(dataset);
        return $"""
            {resource.About}

            **Filters**: `field=value` (equals) or `field__op=value`, all ANDed, each parameter at most once (for any of several values use `field__in`); unknown parameters, bad values and values outside a field's listed set are a 400 problem.
            Operators: ne, lt, lte, gt, gte, in and nin (comma-separated values), contains, startswith and endswith (case-insensitive), isnull (true/false).
            Fields and their operators: {string.Join("; ", filterable)}.
            **OR** across fields: `or.N.field__op=value`; the conditions of group N are ANDed, the groups ORed, and the whole ANDed with the other filters (`or.1.a=x&or.2.b=y` is a = x OR b = y), as GraphQL's `or`.
            {(resource.Extras.Count > 0 ? "Also " + string.Join("; ", extras) + "." : "")}
            {(facetable.Count > 0 ? $"**Facets**: `facet=field` (repeatable) adds `meta.facets`, each field's values with the number of matching rows (most frequent first, at most {options.MaxFacetValues}, then `truncated`), for the same filters as the page; facetable fields: {string.Join(", ", facetable.Select(f => $"`{f.Name}`"))}." : "")}

            **Sort** `sort=field,-field` (default `{string.Join(",", dataset.DefaultSort)}`; the key `{dataset.Key.Name}` always breaks ties).
            **Paging**: `limit` (default {options.DefaultPageSize}, at most {options.MaxPageSize}) and the opaque `cursor` of the `next` link (also in the `Link` header); `total=true` adds the count.
            **Formats**: JSON (default), CSV (`Accept: text/csv` or `format=csv`, every matching row streamed, `bom=true` for spreadsheets){(resource.GeoJson ? ", GeoJSON (`Accept: application/geo+json` or `format=geojson`, features with polygons)" : "")}.
            """;
    }

    // routeParameter: a path parameter of the route (a nested collection's parent key). A field of the same name is
    // declared in its __eq form, as the reserved names are, so both parameters are documented.
    private static void DocumentCollectionParameters<TEntity, TDto>(RouteHandlerBuilder builder, DatasetResource<TEntity, TDto> resource, QueryOptions options,
        string? routeParameter = null)
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
            .WithQueryParameter("limit", $"Rows per page, 1 to {options.MaxPageSize} (default {options.DefaultPageSize}). With CSV or GeoJSON, the most rows to export (default: all).",
                options.DefaultPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "integer")
            .WithQueryParameter("cursor", "Opaque position from the previous page's next link; only valid with the same sort.", "WyJ4In0")
            .WithQueryParameter("total", "true adds meta.total, the number of matching rows.", "true", "boolean")
            .WithQueryParameter($"{FilterParameters.OrPrefix}1.{filterName}", $"An OR condition: or.N.field__op=value, any filter of this collection in group N; conditions of a group are ANDed, groups ORed, the OR ANDed with the other filters (e.g. or.1.{filterName}={filterValue}&or.2.…).", filterValue)
            .WithQueryParameter("format", $"Output format, instead of the Accept header: {string.Join(", ", resource.CollectionFormats.Select(OutputFormats.Name))}.", "csv")
            .WithQueryParameter("bom", "CSV only: true starts the file with a UTF-8 byte-order mark, for spreadsheet programs.", "true", "boolean");
        foreach (var extra in resource.Extras)
        {
            builder.WithQueryParameter(extra.Name, extra.Description, extra.Example, extra.Type);
        }
        if (Facets.Facetable(dataset) is { Count: > 0 } facetable)
        {
            builder.WithQueryParameter(QueryStringGrammar.Facet,
                $"Repeatable (facet=a&facet=b): adds meta.facets.{{field}}, the field's values with their counts among the matching rows, most frequent first (at most {options.MaxFacetValues}; truncated says more exist). JSON only. Facetable: {string.Join(", ", facetable.Select(f => f.Name))}.",
                (facetable.FirstOrDefault(f => f.AllowedValues is not null) ?? facetable[0]).Name);
        }
    }
}
