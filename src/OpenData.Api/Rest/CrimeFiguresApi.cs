using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenData.Api.Hosting;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>
/// <c>/api/v1/crime-figures</c>: every published figure (current figures unless <c>include_superseded=true</c>),
/// and the questions asked of the monthly counts: a monthly series with revisions and gaps, aggregates with
/// year-on-year change, and per-ward sums on the ward polygons for a map.
/// </summary>
public static class CrimeFiguresApi
{
    private const string CategoryHelp = "An offence category id in any scheme: an MPS category also counts its namesakes in the other MPS labelling schemes (a major category its minors), a police.uk category every MPS minor category mapped to it, a document category itself. Default: all MPS minor categories.";
    private const string PoliceUkHelp = "A police.uk category, as slug (burglary) or id (police-uk-burglary): the sum of the MPS minor categories mapped to it. Not with category.";

    public static readonly DatasetResource<CrimeFigure, CrimeFigureDto> Resource = new()
    {
        Dataset = CrimeFigureDto.Dataset,
        RestNote = "Current figures only unless include_superseded=true (or an is_current filter).",
        FilterExample = ("area_code", "E09000020"),
        ExtraLinkFields = ["superseded_by"],
        Extras =
        [
            new ExtraParameter("include_superseded", "true also returns superseded revisions of MPS monthly figures (default false: current figures only).", "true", "boolean",
                v => QueryStringGrammar.TryBoolean(v, out _) ? null : throw new FormatException("include_superseded must be true or false.")),
        ],
        // Current figures unless the client asks for revisions, or says itself which it wants.
        ImplicitFilter = present =>
            present.GetValueOrDefault("include_superseded") == "true"
            || present.Keys.Any(p => p == "is_current" || p.StartsWith("is_current__", StringComparison.Ordinal))
                ? null
                : new ConditionFilter("is_current", FilterOperator.Eq, true) { Origin = "include_superseded" },
        ExtraLinks = (f, _, list) => list.Item("superseded_by", "crime-figures", f.SupersededBy),
    };

    /// <summary>The questions asked of the monthly counts: series, aggregates and the map.</summary>
    public static RouteGroupBuilder MapCrimeFigureQuestions(this RouteGroupBuilder group)
    {
        // The page sizes this deployment is configured with, so its document states its own limits.
        var paging = ((IEndpointRouteBuilder)group).ServiceProvider.GetRequiredService<IOptions<QueryOptions>>().Value;
        group.MapGet("/crime-figures/series", SeriesAsync)
            .WithRequestCost(RequestCost.Heavy)
            .Reads("downloads", "areas", "offence_categories")
            .WithName("GetCrimeSeries")
            .RequireAdmission()
            .WithSummary("Get one area's monthly crime series")
            .WithDescription("A ward's (or the borough's) monthly series over a range of months, in one call: every month in order with the sum of the current figures of the chosen categories and the superseded values of those figures (revisions published by an older download). A month without a figure for what was asked is never a 0: value is null (figures 0) and null_reason says why: gap (a recorded coverage gap: no download covers the month, listed in gaps), not_published (outside the area's published coverage, given as coverage {from, to}, or not covered by any source), or category_not_in_scheme (the month is published under another MPS labelling scheme: a Title Case category for a month whose current download uses UPPER CASE labels has no value there, its older Title Case values stay listed as superseded revisions, and note points to the police_uk category that spans the schemes). A month published in the category's scheme without a figure of it is 0. basis says what kind of number a value is: published (the area's own figures: a ward's counts, the borough's published totals 2011-04 to 2013-03) or ward_sum (the borough in other months: the sum of its wards). JSON or CSV.")
            .WithTags(CrimeFigureDto.Dataset.Title)
            .Produces<SeriesDocument>(StatusCodes.Status200OK, OutputFormats.Json, OutputFormats.Csv)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter("area_code", "GSS code of the ward or borough (required).", "E05009388", required: true)
            .WithQueryParameter("from", "First month, YYYY-MM (default: the area's first published month).", "2021-01")
            .WithQueryParameter("to", "Last month, YYYY-MM (default: the area's last published month).", "2022-12")
            .WithQueryParameter("category", CategoryHelp, "police-uk-burglary")
            .WithQueryParameter("police_uk", PoliceUkHelp, "burglary")
            .WithQueryParameter("format", "json (default) or csv, instead of the Accept header.", "csv")
            .WithQueryParameter("bom", "CSV only: true starts the file with a UTF-8 byte-order mark.", "true", "boolean");

        group.MapGet("/crime-figures/aggregates", AggregatesAsync)
            .WithRequestCost(RequestCost.Heavy)
            .Reads("downloads", "areas", "offence_categories", "populations")
            .WithName("GetCrimeAggregates")
            .RequireAdmission()
            .WithSummary("Sum crime figures by area, category and period")
            .WithDescription("Sums of the current monthly counts grouped by any of area, category (as published), police_uk (the mapped police.uk category, consistent across the MPS relabellings) and period (month, quarter, financial_year April-March, or year). Grouped by period, each row also has the same group a year earlier (previous_value, looked up before `from` if need be), change and change_percent; the change is given only when both periods have the same number of months published. Only groups with figures are listed: a period with no figure for the selection (a coverage gap, not published, or published under another MPS labelling scheme than the category's) has no row, never a row of 0, and months counts only the months with figures. When the chosen category is missing from some MPS labelling scheme, meta.note says so and points to the police_uk category that spans the schemes. Takes the crime-figures filters (e.g. area_code, category_id__in) besides from/to/category/police_uk. Rows are in the order of their keys (area, category, police_uk, then period) and page like a collection: limit (default " + paging.DefaultPageSize + ", at most " + paging.MaxPageSize + "), the opaque cursor of links.next (also a Link: rel=\"next\" header), total=true for meta.total. JSON or CSV (a CSV has every row after the cursor, unless limit is given).")
            .WithTags(CrimeFigureDto.Dataset.Title)
            .Produces<AggregatesDocument>(StatusCodes.Status200OK, OutputFormats.Json, OutputFormats.Csv)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter("group_by", "Keys to group by, comma-separated: area (each ward, or a borough's own published counts), borough (the wards' borough, on the same basis as a borough's series), category, police_uk or period (default period).", "borough,period")
            .WithQueryParameter("period", "Period length when grouping by period: month (default), quarter, financial_year or year.", "financial_year")
            .WithQueryParameter("from", "First month, YYYY-MM.", "2021-04")
            .WithQueryParameter("to", "Last month, YYYY-MM.", "2023-03")
            .WithQueryParameter("category", CategoryHelp, "police-uk-burglary")
            .WithQueryParameter("police_uk", PoliceUkHelp, "burglary")
            .WithQueryParameter("area_code", "Only these areas, comma-separated: a ward, or a borough (its own published counts and its wards').", "E09000020")
            .WithQueryParameter("sort", "Row order: value, rate_per_1000 (grouped by area or borough), change or change_percent (grouped by period); - for descending, nulls last. Default: the grouped keys.", "-rate_per_1000")
            .WithQueryParameter("limit", $"Rows per page, 1 to {paging.MaxPageSize} (default {paging.DefaultPageSize}). With CSV, the most rows to export (default: all).",
                paging.DefaultPageSize.ToString(CultureInfo.InvariantCulture), "integer")
            .WithQueryParameter("cursor", "Opaque position from the previous page's next link; only valid with the same group_by and period.", "WyJ4In0")
            .WithQueryParameter("total", "true adds meta.total, the number of rows of the whole aggregate.", "true", "boolean")
            .WithQueryParameter("format", "json (default) or csv, instead of the Accept header.", "csv")
            .WithQueryParameter("bom", "CSV only: true starts the file with a UTF-8 byte-order mark.", "true", "boolean");

        group.MapGet("/crime-figures/downloads", DownloadsAsync)
            .Reads("downloads")
            .WithName("GetCrimeDownloads")
            .WithSummary("The MPS downloads behind the monthly figures, and the latest month")
            .WithDescription("Every MPS download the monthly figures come from (ward files, 24 months each, and borough files), readable without asking for a series: the latest month with figures, the months they cover together and the recorded gaps (months no download covers), and per download its file, months, ward boundary set (recognised from its codes), labelling scheme, rows, counts, total of all counts, SHA-256 of the file, and current_months: the months for which it is the newest download, so its counts are the current ones (its other months are revised by newer downloads).")
            .WithTags(CrimeFigureDto.Dataset.Title)
            .Produces<DownloadsDocument>(StatusCodes.Status200OK, OutputFormats.Json)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/crime-figures/map", MapAsync)
            .WithRequestCost(RequestCost.Heavy)
            .Reads("downloads", "areas", "offence_categories")
            .WithName("GetCrimeMap")
            .RequireAdmission()
            .WithSummary("Crime figures per ward on the ward polygons (GeoJSON)")
            .WithDescription("For each ward of a boundary set: the sum of its current monthly figures of the chosen categories over the range, joined to the ward polygon, as a GeoJSON FeatureCollection ready for a map. As in the series, only months published under a labelling scheme of the category count (months); a ward with none has value null (figures 0, months 0) and null_reason: gap (the range is inside a recorded coverage gap), not_published (no figure for the ward in the range), or category_not_in_scheme (published only under another MPS labelling scheme, e.g. a Title Case category after the switch to UPPER CASE: metadata.note points to the police_uk category that spans the schemes). value is 0 when months were published in the category's scheme with none of it.")
            .WithTags(CrimeFigureDto.Dataset.Title)
            .Produces<GeoJsonFeatureCollection>(StatusCodes.Status200OK, OutputFormats.GeoJson, OutputFormats.Json)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter("boundary_set", $"Ward boundary set: {string.Join(" or ", AreaLocator.BoundarySets)} (required); every ward whose code the set holds (boundary_sets) is drawn.", "2014", required: true)
            .WithQueryParameter("from", "First month, YYYY-MM (required).", "2023-01", required: true)
            .WithQueryParameter("to", "Last month, YYYY-MM (required).", "2023-12", required: true)
            .WithQueryParameter("category", CategoryHelp, "police-uk-burglary")
            .WithQueryParameter("police_uk", PoliceUkHelp, "burglary")
            .WithQueryParameter("format", "geojson (default; json gives the same body).", "geojson");

                return group;
    }

    /// <summary>A monthly series.</summary>
    private static async Task<IResult> SeriesAsync(HttpContext context, OpenDataDbContext db, CrimeFigureAnalysis analysis, ReleaseReader releases, CancellationToken cancellationToken)
    {
        var negotiated = OutputFormats.Negotiate(context.Request, [OutputFormat.Json, OutputFormat.Csv]);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable([OutputFormats.Json, OutputFormats.Csv]);
        var (values, errors) = ReadParameters(context.Request, ["area_code", "from", "to", "category", "police_uk", "bom"]);
        if (!values.TryGetValue("area_code", out var area) || area.Length == 0) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "area_code", "area_code is required: the GSS code of a ward or the borough."));
        var from = ReadMonth(values, "from", errors);
        var to = ReadMonth(values, "to", errors);
        var bom = ReadBom(values, negotiated.Format, errors);
        if (errors.Count > 0) return RestProblems.FromErrors(errors);

        // One connection and one read snapshot for the release and the questions that follow.
        await using var snapshot = await StoreSnapshot.BeginAsync(db, cancellationToken);
        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        CrimeSeries? series;
        try
        {
            var categories = await analysis.ResolveCategoriesAsync(db, values.GetValueOrDefault("category"), values.GetValueOrDefault("police_uk"), cancellationToken);
            series = await analysis.GetSeriesAsync(db, area!, from, to, categories, cancellationToken);
        }
        catch (QueryException e)
        {
            return RestProblems.FromException(e);
        }
        if (series is null) return RestProblems.NotFound($"No area has code '{Problems.Quote(area!)}'.");

        var links = RestLinks.For(context);
        if (negotiated.Format == OutputFormat.Csv)
        {
            return new StreamedBodyResult("text/csv; charset=utf-8; header=present", $"crime-series-{series.AreaCode}.csv", async (http, body, ct) =>
            {
                var csv = new CsvBody(body, bom);
                var text = csv.Rows;
                RestOutput.WriteCsvRow(text, ["month", "value", "figures", "gap", "revised", "superseded_values", "basis", "null_reason", "download", "ward_set", "rate_per_1000"]);
                var written = 0;
                foreach (var month in series.Months)
                {
                    if (++written % 100 == 0) await csv.FlushAsync(ct);
                    RestOutput.WriteCsvRow(text,
                    [
                        month.Month,
                        month.Value is { } v ? RestOutput.FormatNumber(v) : "",
                        month.Figures.ToString(CultureInfo.InvariantCulture),
                        month.NullReason == NullReasons.Gap ? "true" : "false",
                        month.Revised ? "true" : "false",
                        RestOutput.CsvField(string.Join("|", month.Revisions.Select(r => $"{r.Download}={RestOutput.FormatNumber(r.Value)}"))),
                        RestOutput.CsvField(month.Basis ?? ""),
                        RestOutput.CsvField(month.NullReason ?? ""),
                        RestOutput.CsvField(month.Download ?? ""),
                        RestOutput.CsvField(month.WardSet ?? ""),
                        month.RatePer1000 is { } rate ? RestOutput.FormatNumber(rate) : "",
                    ]);
                }
                await csv.FlushAsync(ct);
            });
        }
        var document = new SeriesDocument(series, new SeriesLinks(RestLinks.Self(context.Request), links.Item("areas", series.AreaCode)), new DocumentMeta(Summary(release)));
        // About 250 bytes a month and 200 a revision (one per older download).
        var estimate = 250L * series.Months.Count + 200L * series.Months.Sum(m => m.Revisions.Count);
        return StreamedJson.Serialize(negotiated.MediaType, estimate, document);
    }

    /// <summary>Sums grouped by area, category and period, with year-on-year change.</summary>
    private static async Task<IResult> AggregatesAsync(HttpContext context, OpenDataDbContext db, CrimeFigureAnalysis analysis, ReleaseReader releases, IOptions<QueryOptions> limits, CancellationToken cancellationToken)
    {
        var negotiated = OutputFormats.Negotiate(context.Request, [OutputFormat.Json, OutputFormat.Csv]);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable([OutputFormats.Json, OutputFormats.Csv]);
        string[] own = ["group_by", "period", "from", "to", "category", "police_uk", "area_code", "sort", "limit", "cursor", "total", "bom"];
        var (values, errors) = ReadParameters(context.Request, own);
        var groupBy = new List<AggregateKey>();
        foreach (var key in (values.GetValueOrDefault("group_by") ?? "period").Split(','))
        {
            AggregateKey? parsed = key switch
            {
                "area" => AggregateKey.Area,
                "borough" => AggregateKey.Borough,
                "category" => AggregateKey.Category,
                "police_uk" => AggregateKey.PoliceUk,
                "period" => AggregateKey.Period,
                _ => null,
            };
            if (parsed is null) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "group_by", $"'{key}' cannot be grouped by: use area, borough, category, police_uk or period."));
            else if (!groupBy.Contains(parsed.Value)) groupBy.Add(parsed.Value);
        }
        var areaCodes = values.TryGetValue("area_code", out var areaText)
            ? areaText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : null;
        AggregateSort? sort = null;
        if (values.TryGetValue("sort", out var sortText))
        {
            var descending = sortText.StartsWith('-');
            AggregateSortField? field = sortText.TrimStart('-') switch
            {
                "value" => AggregateSortField.Value,
                "rate_per_1000" => AggregateSortField.RatePer1000,
                "change" => AggregateSortField.Change,
                "change_percent" => AggregateSortField.ChangePercent,
                _ => null,
            };
            if (field is null) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "sort", $"'{sortText}' cannot be sorted on: use value, rate_per_1000, change or change_percent, with - for descending (default: the grouped keys)."));
            else sort = new AggregateSort(field.Value, descending);
        }
        PeriodUnit? period = (values.GetValueOrDefault("period") ?? "month") switch
        {
            "month" => PeriodUnit.Month,
            "quarter" => PeriodUnit.Quarter,
            "financial_year" => PeriodUnit.FinancialYear,
            "year" => PeriodUnit.Year,
            _ => null,
        };
        if (period is null) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "period", "period must be month, quarter, financial_year or year."));
        var from = ReadMonth(values, "from", errors);
        var to = ReadMonth(values, "to", errors);
        var bom = ReadBom(values, negotiated.Format, errors);
        // Paging as in collections: the same parameters, defaults, limits and messages.
        var pageSize = limits.Value.DefaultPageSize;
        if (values.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > limits.Value.MaxPageSize))
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "limit", $"limit must be a whole number from 1 to {limits.Value.MaxPageSize}."));
        }
        var cursor = values.GetValueOrDefault("cursor");
        if (cursor is { Length: 0 }) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "cursor", "cursor is empty: omit it for the first page."));
        var total = false;
        if (values.TryGetValue("total", out var totalText) && !QueryStringGrammar.TryBoolean(totalText, out total)) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "total", "total must be true or false."));
        var query = new AggregateQuery
        {
            // A group_by with no key we know is an error already: the query layer need not say it again.
            GroupBy = groupBy.Count > 0 ? groupBy : [AggregateKey.Period],
            Period = period ?? PeriodUnit.Month,
            From = from,
            To = to,
            AreaCodes = areaCodes,
            Sort = sort,
        };
        // What cannot be asked together is the query layer's to say (GraphQL asks the same).
        errors.AddRange(query.Check(periodGiven: period is not null && values.ContainsKey("period")));
        if (errors.Count > 0) return RestProblems.FromErrors(errors);

        // A bad cursor is a 400 before anything is computed (and, for CSV, before any byte is written).
        if (cursor is not null)
        {
            try
            {
                AggregateCursor.Decode(query, cursor);
            }
            catch (QueryException e)
            {
                return RestProblems.FromException(e);
            }
        }

        await using var snapshot = await StoreSnapshot.BeginAsync(db, cancellationToken);
        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        // A CSV export has every row (after the cursor) unless limit is given, as a collection's export does.
        var limit = negotiated.Format == OutputFormat.Csv && !values.ContainsKey("limit") ? int.MaxValue : pageSize;
        AggregatePage page;
        CategorySelection? categories = null;
        try
        {
            if (values.ContainsKey("category") || values.ContainsKey("police_uk"))
            {
                categories = await analysis.ResolveCategoriesAsync(db, values.GetValueOrDefault("category"), values.GetValueOrDefault("police_uk"), cancellationToken);
                query = query with { Categories = categories };
            }
            page = await analysis.AggregatePageAsync(db, query, limit, cursor, total && negotiated.Format == OutputFormat.Json, cancellationToken);
        }
        catch (QueryException e)
        {
            return RestProblems.FromException(e);
        }

        var columns = AggregateColumns(groupBy);
        if (negotiated.Format == OutputFormat.Csv)
        {
            return new StreamedBodyResult("text/csv; charset=utf-8; header=present", "crime-aggregates.csv", async (http, body, ct) =>
            {
                var csv = new CsvBody(body, bom);
                RestOutput.WriteCsvRow(csv.Rows, columns.Select(c => c.Name));
                var count = 0;
                foreach (var row in page.Rows)
                {
                    RestOutput.WriteCsvRow(csv.Rows, columns.Select(c => RestOutput.CsvValue(c.Value(row))));
                    if (++count % 1000 == 0) await csv.FlushAsync(ct);
                }
                await csv.FlushAsync(ct);
            });
        }
        var self = RestLinks.Self(context.Request);
        var next = page.HasNextPage ? RestLinks.Self(context.Request, ("cursor", page.EndCursor)) : null;
        if (next is not null) context.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return new JsonBodyResult(negotiated.MediaType, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data");
            foreach (var row in page.Rows)
            {
                writer.WriteStartObject();
                foreach (var (name, value) in columns)
                {
                    writer.WritePropertyName(name);
                    JsonSerializer.Serialize(writer, value(row), RestOutput.SerializerOptions);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("links");
            writer.WriteString("self", self);
            if (next is null) writer.WriteNull("next");
            else writer.WriteString("next", next);
            writer.WriteEndObject();
            writer.WriteStartObject("meta");
            RestOutput.WriteRelease(writer, release);
            writer.WriteStartArray("group_by");
            foreach (var key in groupBy) writer.WriteStringValue(KeyName(key));
            writer.WriteEndArray();
            if (groupBy.Contains(AggregateKey.Period)) writer.WriteString("period", values.GetValueOrDefault("period") ?? "month");
            if (categories is not null)
            {
                writer.WriteString("category", categories.Requested);
                writer.WriteStartArray("category_ids");
                foreach (var id in categories.CategoryIds.Order(StringComparer.Ordinal)) writer.WriteStringValue(id);
                writer.WriteEndArray();
                if (categories.MissesSomeScheme) writer.WriteString("note", categories.NotInSchemeNote());
            }
            writer.WriteNumber("limit", pageSize);
            if (page.Total is { } count) writer.WriteNumber("total", count);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>The downloads and their coverage.</summary>
    private static async Task<IResult> DownloadsAsync(HttpContext context, OpenDataDbContext db, CrimeFigureAnalysis analysis, ReleaseReader releases, CancellationToken cancellationToken)
    {
        var negotiated = OutputFormats.Negotiate(context.Request, [OutputFormat.Json]);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable([OutputFormats.Json]);
        var (_, errors) = ReadParameters(context.Request, []);
        if (errors.Count > 0) return RestProblems.FromErrors(errors);
        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        var catalogue = await analysis.GetDownloadsAsync(db, cancellationToken);
        var document = new DownloadsDocument(catalogue, new DownloadsLinks(RestLinks.Self(context.Request)), new DocumentMeta(Summary(release)));
        return StreamedJson.Serialize(negotiated.MediaType, 2_000L + 600L * catalogue.Downloads.Count, document);
    }

    /// <summary>Per-ward sums joined to the ward polygons.</summary>
    private static async Task<IResult> MapAsync(HttpContext context, OpenDataDbContext db, CrimeFigureAnalysis analysis, ReleaseReader releases, CancellationToken cancellationToken)
    {
        var negotiated = OutputFormats.Negotiate(context.Request, [OutputFormat.GeoJson], jsonAlias: true);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable([OutputFormats.GeoJson, OutputFormats.Json]);
        var (values, errors) = ReadParameters(context.Request, ["boundary_set", "from", "to", "category", "police_uk"]);
        var boundarySet = values.GetValueOrDefault("boundary_set");
        if (boundarySet is null) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "boundary_set", $"boundary_set is required: {string.Join(" or ", CrimeFigureAnalysis.MapBoundarySets)}."));
        else if (CrimeFigureAnalysis.CheckBoundarySet(boundarySet) is { } wrongSet) errors.Add(wrongSet);
        var from = ReadMonth(values, "from", errors);
        var to = ReadMonth(values, "to", errors);
        if (from is null && !values.ContainsKey("from")) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "from", "from is required (YYYY-MM)."));
        if (to is null && !values.ContainsKey("to")) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "to", "to is required (YYYY-MM)."));
        if (errors.Count > 0) return RestProblems.FromErrors(errors);

        await using var snapshot = await StoreSnapshot.BeginAsync(db, cancellationToken);
        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        IReadOnlyList<MapWard> wards;
        CategorySelection categories;
        try
        {
            categories = await analysis.ResolveCategoriesAsync(db, values.GetValueOrDefault("category"), values.GetValueOrDefault("police_uk"), cancellationToken);
            wards = await analysis.MapAsync(db, boundarySet!, from!.Value, to!.Value, categories, cancellationToken);
        }
        catch (QueryException e)
        {
            return RestProblems.FromException(e);
        }

        var links = RestLinks.For(context);
        var seriesQuery = new List<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>
        {
            new("from", from.Value.ToString()),
            new("to", to.Value.ToString()),
        };
        if (values.GetValueOrDefault("category") is { } c) seriesQuery.Add(new("category", c));
        if (values.GetValueOrDefault("police_uk") is { } p) seriesQuery.Add(new("police_uk", p));
        // Each ward's series link: its area_code, then the same query for every ward (built once, not 700 times).
        var seriesPath = links.Path("crime-figures", "series");
        var seriesTail = "&" + RestLinks.WithQuery("", seriesQuery).TrimStart('?');
        // The polygons are most of the body.
        var estimate = wards.Sum(w => 600L + (w.Geometry?.Length ?? 0));
        return StreamedJson.Write(negotiated.MediaType, estimate, async (writer, flush) =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "FeatureCollection");
            writer.WriteStartArray("features");
            foreach (var ward in wards)
            {
                await flush();
                void Properties(Utf8JsonWriter w)
                {
                    // A crime-figures document names the area of its figures area_code, as the figures, the series
                    // and the aggregates do (code is the area's own key, in the areas dataset and its boundary).
                    w.WriteString("area_code", ward.Code);
                    w.WriteString("area_name", ward.Name);
                    w.WriteString("boundary_set", ward.BoundarySet);
                    if (ward.Value is { } value) w.WriteNumber("value", value);
                    else w.WriteNull("value");
                    w.WriteNumber("figures", ward.Figures);
                    w.WriteNumber("months", ward.Months);
                    if (ward.NullReason is { } reason) w.WriteString("null_reason", reason);
                    else w.WriteNull("null_reason");
                    if (ward.Population is { } population) w.WriteNumber("population", population);
                    else w.WriteNull("population");
                    if (ward.RatePer1000 is { } rate) w.WriteNumber("rate_per_1000", rate);
                    else w.WriteNull("rate_per_1000");
                    if (ward.RateNullReason is { } rateReason) w.WriteString("rate_null_reason", rateReason);
                    else w.WriteNull("rate_null_reason");
                    RestOutput.WriteLinks(w, new LinkList(links)
                        .Item("area", "areas", ward.Code)
                        .Path("crime_series", Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(seriesPath, "area_code", ward.Code) + seriesTail));
                }
                if (ward.GeometryUtf8 is { } utf8) RestOutput.WriteFeature(writer, utf8, Properties);
                else RestOutput.WriteFeature(writer, ward.Geometry, Properties);
            }
            writer.WriteEndArray();
            writer.WriteStartObject("metadata");
            RestOutput.WriteRelease(writer, release);
            writer.WriteString("boundary_set", boundarySet);
            writer.WriteString("from", from.Value.ToString());
            writer.WriteString("to", to.Value.ToString());
            writer.WriteString("category", categories.Requested);
            writer.WriteStartArray("category_ids");
            foreach (var id in categories.CategoryIds.Order(StringComparer.Ordinal)) writer.WriteStringValue(id);
            writer.WriteEndArray();
            if (categories.MissesSomeScheme) writer.WriteString("note", categories.NotInSchemeNote());
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static (Dictionary<string, string> Values, List<QueryError> Errors) ReadParameters(HttpRequest request, IReadOnlyCollection<string> allowed, bool acceptOthers = false)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<QueryError>();
        foreach (var (name, parameterValues) in request.Query)
        {
            if (name == "format") continue;
            if (!allowed.Contains(name))
            {
                if (!acceptOthers) errors.Add(new QueryError(QueryErrorKind.UnknownParameter, name, QueryStringGrammar.UnknownParameterMessage(name, [.. allowed, "format"], $"this route takes {string.Join(", ", allowed)} and format")));
                continue;
            }
            if (parameterValues.Count != 1) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, name, $"{name} may be given once."));
            else values[name] = parameterValues[0] ?? "";
        }
        return (values, errors);
    }

    private static Month? ReadMonth(Dictionary<string, string> values, string name, List<QueryError> errors)
    {
        if (!values.TryGetValue(name, out var text)) return null;
        if (Month.TryParse(text, out var month)) return month;
        errors.Add(new QueryError(QueryErrorKind.InvalidParameter, name, $"{name} must be a month, YYYY-MM."));
        return null;
    }

    private static bool ReadBom(Dictionary<string, string> values, OutputFormat format, List<QueryError> errors)
    {
        if (!values.TryGetValue("bom", out var text)) return false;
        if (!QueryStringGrammar.TryBoolean(text, out var bom)) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "bom", "bom must be true or false."));
        else if (bom && format != OutputFormat.Csv) errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "bom", "bom applies to CSV output only (format=csv or Accept: text/csv)."));
        return bom;
    }

    private static string KeyName(AggregateKey key) => key switch
    {
        AggregateKey.Area => "area",
        AggregateKey.Borough => "borough",
        AggregateKey.Category => "category",
        AggregateKey.PoliceUk => "police_uk",
        _ => "period",
    };

    private static List<(string Name, Func<AggregateRow, object?> Value)> AggregateColumns(IReadOnlyList<AggregateKey> groupBy)
    {
        var columns = new List<(string, Func<AggregateRow, object?>)>();
        var byArea = groupBy.Contains(AggregateKey.Area) || groupBy.Contains(AggregateKey.Borough);
        if (byArea)
        {
            columns.Add(("area_code", r => r.AreaCode));
            columns.Add(("area_name", r => r.AreaName));
        }
        if (groupBy.Contains(AggregateKey.Category)) columns.Add(("category_id", r => r.CategoryId));
        if (groupBy.Contains(AggregateKey.PoliceUk)) columns.Add(("police_uk_id", r => r.PoliceUkId));
        if (groupBy.Contains(AggregateKey.Period))
        {
            columns.Add(("period", r => r.Period));
            columns.Add(("period_start", r => r.PeriodStart));
            columns.Add(("period_end", r => r.PeriodEnd));
        }
        columns.Add(("value", r => r.Value));
        columns.Add(("months", r => r.Months));
        columns.Add(("figures", r => r.Figures));
        if (groupBy.Contains(AggregateKey.Period))
        {
            columns.Add(("previous_value", r => r.PreviousValue));
            columns.Add(("previous_months", r => r.PreviousMonths));
            columns.Add(("change", r => r.Change));
            columns.Add(("change_percent", r => r.ChangePercent));
        }
        if (byArea)
        {
            columns.Add(("population", r => r.Population));
            columns.Add(("rate_per_1000", r => r.RatePer1000));
            columns.Add(("rate_null_reason", r => r.RateNullReason));
            columns.Add(("rank", r => r.Rank));
            columns.Add(("rate_rank", r => r.RateRank));
            if (groupBy.Contains(AggregateKey.Area)) columns.Add(("borough_rank", r => r.BoroughRank));
        }
        return columns;
    }

    private static ReleaseSummary Summary(ReleaseInfo release) => new() { Id = release.Id, ContentHash = release.ContentHash, ImportedAt = release.ImportedAt };
}

/// <summary>The series document: the series itself, its links and the release.</summary>
public sealed record SeriesDocument(CrimeSeries Data, SeriesLinks Links, DocumentMeta Meta);

public sealed record SeriesLinks(string Self, string Area);

public sealed record DownloadsDocument(DownloadCatalogue Data, DownloadsLinks Links, DocumentMeta Meta);

public sealed record DownloadsLinks(string Self);

public sealed record DocumentMeta(ReleaseSummary Release);

/// <summary>The aggregates document: a page of rows (only the grouped keys and the measures), its links, and meta.</summary>
public sealed record AggregatesDocument(IReadOnlyList<AggregateRow> Data, PageLinks Links, AggregatesMeta Meta);

/// <summary>What an aggregates page was computed from, and its paging.</summary>
/// <param name="Release">The data release read.</param>
/// <param name="GroupBy">The keys grouped by, as asked (area, category, police_uk, period).</param>
/// <param name="Period">The period length, when grouped by period.</param>
/// <param name="Category">The category or police_uk category asked for, when one was.</param>
/// <param name="CategoryIds">The categories summed, when one was asked for.</param>
/// <param name="Note">Set when the category is missing from some MPS labelling scheme.</param>
/// <param name="Limit">Page size used.</param>
/// <param name="Total">Rows of the whole aggregate; present only with total=true.</param>
public sealed record AggregatesMeta(ReleaseSummary Release, IReadOnlyList<string> GroupBy, string? Period, string? Category,
    IReadOnlyList<string>? CategoryIds, string? Note, int Limit, long? Total);
