using System.Text;
using Microsoft.Extensions.Primitives;
using OpenData.Api.Rest;
using OpenData.Query;
using OpenData.Store;
using static OpenData.Api.Site.SitePage;

namespace OpenData.Api.Site;

/// <summary>
/// <c>/datasets/{name}</c>: a dataset's rows as a table, browsed like Datasette. The page URL is a REST query
/// (<see cref="QueryStringGrammar.ParseCollection"/>, with the dataset's own parameters and default filter from its
/// REST resource), so a link to a page reproduces it and the same query is one click away as JSON, CSV or GeoJSON.
/// Above the table: the count of the selection, a filter form that works without JavaScript (it submits
/// filter_field, filter_op and filter_value, and the page redirects to the grammar's URL; dataset.js writes that
/// URL directly), the active filters (each removable) and value counts of the closed-set and linked fields.
/// <c>/datasets/{name}/{key}</c>: one row, every field, and its links both ways.
/// </summary>
public static class DatasetPages
{
    /// <summary>Rows per page unless limit says otherwise; and the most a page shows, lower than the API's
    /// (1,000) so that the widest dataset's page stays under 50 kB gzipped. The API serves more at once.</summary>
    public const int DefaultRows = 50;
    public const int MaxRows = 200;

    /// <summary>How many values of a facet the page lists (the engine counts up to QueryOptions.MaxFacetValues).</summary>
    private const int FacetValuesShown = 8;

    /// <summary>The fields of the no-JavaScript filter form, turned into a grammar parameter by a redirect.</summary>
    public const string FilterField = "filter_field", FilterOp = "filter_op", FilterValue = "filter_value";

    /// <summary>Grammar parameters that mean nothing on a page (the page is HTML and counts its own facets).</summary>
    private static readonly string[] NotPageParameters = ["format", "bom", "facet"];

    /// <summary>Parameters that shape the page rather than select rows: not listed as filters.</summary>
    private static readonly string[] ShapeParameters = ["sort", "limit", "cursor", "fields", "total"];

    public static RouteGroupBuilder MapDatasetPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/datasets/{name}", (string name, HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken ct) =>
            ListAsync(name, context, db, engine, releases, ct));
        pages.MapGet("/datasets/{name}/{key}", (string name, string key, HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken ct) =>
            RowAsync(name, key, context, db, engine, releases, ct));
        return pages;
    }

    private static async Task<IResult> ListAsync(string name, HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken ct)
    {
        var dataset = DatasetCatalog.Find(name);
        if (dataset is not null && CanonicalUrl(context, dataset) is { } canonical) return Results.Redirect(canonical);
        var release = await RestRelease.ServeAsync(context, db, releases, ct);
        if (release is null) return HomePage.NoRelease(context);
        if (dataset is null) return Html(NotFound(context, $"No dataset is named '{name}'; the catalogue at /datasets lists them."), StatusCodes.Status404NotFound);
        return await dataset.Accept(new ListPage(context, db, engine, ct));
    }

    private static async Task<IResult> RowAsync(string name, string key, HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken ct)
    {
        var dataset = DatasetCatalog.Find(name);
        var release = await RestRelease.ServeAsync(context, db, releases, ct);
        if (release is null) return HomePage.NoRelease(context);
        if (dataset is null) return Html(NotFound(context, $"No dataset is named '{name}'; the catalogue at /datasets lists them."), StatusCodes.Status404NotFound);
        return await dataset.Accept(new RowPage(context, db, engine, key, ct));
    }

    /// <summary>
    /// The grammar URL of a submitted filter form: filter_field, filter_op and filter_value become one
    /// <c>field__op=value</c> parameter (replacing that parameter if already given, since a filter may be given once),
    /// an empty search box is dropped, and the cursor too (a new selection starts at its first page). Null when the
    /// query is already in the grammar's form.
    /// </summary>
    internal static string? CanonicalUrl(HttpContext context, IDataset dataset)
    {
        var query = context.Request.Query;
        var fromForm = query.ContainsKey(FilterField) || query.ContainsKey(FilterOp) || query.ContainsKey(FilterValue);
        var emptySearch = query.TryGetValue("q", out var q) && q.Count == 1 && string.IsNullOrWhiteSpace(q[0]);
        if (!fromForm && !emptySearch) return null;
        string? added = null;
        var field = query[FilterField].ToString();
        if (field.Length > 0)
        {
            var op = query[FilterOp].ToString();
            added = ParameterName(dataset, field, op.Length == 0 ? "eq" : op);
        }
        var kept = query.Where(p => p.Key is not (FilterField or FilterOp or FilterValue or "cursor") && p.Key != added && !(p.Key == "q" && emptySearch)).ToList();
        if (added is not null) kept.Add(new(added, query[FilterValue].ToString()));
        return RestLinks.WithQuery(SiteLinks.Dataset(context, dataset), kept);
    }

    /// <summary>The grammar's parameter for a filter: <c>field</c> for equality unless the name is also a
    /// parameter of the listing itself (assessment scores' total), else <c>field__op</c>.</summary>
    private static string ParameterName(IDataset dataset, string field, string op) =>
        op == "eq" && !QueryStringGrammar.Reserved.Contains(field) && field != "q" ? field : field + QueryStringGrammar.OperatorSeparator + op;

    /// <summary>The site's page sizes over the query layer's other limits.</summary>
    private static QueryOptions PageLimits(QueryOptions options) => options with { DefaultPageSize = DefaultRows, MaxPageSize = MaxRows };

    /// <summary>The rows a dataset page with this query would count (its REST resource's default filter
    /// included), e.g. the rows of each dataset citing a source. Null when the query is not one of the dataset's.</summary>
    internal static Task<long?> CountAsync(IDataset dataset, OpenDataDbContext db, QueryEngine engine, IEnumerable<KeyValuePair<string, StringValues>> query, CancellationToken ct) =>
        dataset.Accept(new Counter(db, engine, query, ct));

    private sealed class Counter(OpenDataDbContext db, QueryEngine engine, IEnumerable<KeyValuePair<string, StringValues>> query, CancellationToken ct) : IDatasetVisitor<Task<long?>>
    {
        public async Task<long?> Visit<TEntity, TDto>(Dataset<TEntity, TDto> dataset) where TEntity : class where TDto : class
        {
            var resource = (DatasetResource<TEntity, TDto>)RestResources.Of(dataset);
            var (request, _) = QueryStringGrammar.ParseCollection(dataset, query, engine.Options, OutputFormat.Json, resource.Extras, resource.ImplicitFilter);
            return request is null ? null : await engine.CountAsync(db, dataset, request.Query.Filter, ct);
        }
    }

    /// <summary>The 400 page: what is wrong with the query, in the grammar's words, and a way back.</summary>
    internal static IResult BadQuery(HttpContext context, IDataset dataset, IEnumerable<QueryError> errors)
    {
        var b = new StringBuilder("<h1>This query cannot be answered</h1>\n<p>The address of this page asks ")
            .Append(H(dataset.Title)).Append(" for something it does not have:</p>\n<ul class=\"errors\">\n");
        foreach (var (parameter, messages) in RestProblems.ByParameter(errors))
        {
            foreach (var message in messages)
            {
                b.Append("<li><code>").Append(H(parameter)).Append("</code>: ").Append(H(message)).Append("</li>\n");
            }
        }
        b.Append("</ul>\n<p>").Append(A(SiteLinks.Dataset(context, dataset), "Start again from all " + dataset.Title.ToLowerInvariant()))
            .Append(", or read the fields and their operators in the ").Append(A(Url(context, "/api/v1/datasets/" + dataset.Name), "catalogue entry")).Append(".</p>");
        return Html(Render(context, "Bad query: " + dataset.Title, b.ToString(), "datasets"), StatusCodes.Status400BadRequest);
    }

    /// <summary>A dataset page: parse, read a page and the facets, render.</summary>
    private sealed class ListPage(HttpContext context, OpenDataDbContext db, QueryEngine engine, CancellationToken ct) : IDatasetVisitor<Task<IResult>>
    {
        public async Task<IResult> Visit<TEntity, TDto>(Dataset<TEntity, TDto> dataset) where TEntity : class where TDto : class
        {
            var resource = (DatasetResource<TEntity, TDto>)RestResources.Of(dataset);
            var query = context.Request.Query;
            var errors = NotPageParameters.Where(query.ContainsKey)
                .Select(p => new QueryError(QueryErrorKind.InvalidParameter, p, p == "facet"
                    ? "facet is an API parameter; this page counts the values of every closed-set and linked field itself."
                    : $"{p} is an API parameter; this page is HTML. Its download links give the same rows as CSV, JSON{(resource.GeoJson ? " and GeoJSON" : "")}."))
                .ToList();
            var (request, parseErrors) = QueryStringGrammar.ParseCollection(dataset, query.Where(p => !NotPageParameters.Contains(p.Key)),
                PageLimits(engine.Options), OutputFormat.Json, resource.Extras, resource.ImplicitFilter);
            errors.AddRange(parseErrors);
            if (request is null || errors.Count > 0) return BadQuery(context, dataset, errors);

            var read = request.Query with
            {
                Fields = request.Query.Fields is null ? null : request.Query.Fields.Concat(resource.LinkFields).Distinct(StringComparer.Ordinal).ToList(),
                IncludeTotal = true,
            };
            Page<TDto> page;
            var facets = new List<Facet>();
            try
            {
                page = await engine.ReadPageAsync(db, dataset, read, ct);
                // The counts of the whole selection (its filter, not its cursor). Every facetable field is cheap: the
                // largest dataset has a few thousand rows (crime_figures' monthly counts are not in it), and each
                // facet is one GROUP BY measured at a few milliseconds.
                foreach (var field in Facets.Facetable(dataset))
                {
                    facets.Add(await engine.FacetAsync(db, dataset, field.Name, read.Filter, ct));
                }
            }
            catch (QueryException e)
            {
                return BadQuery(context, dataset, e.Errors);
            }
            return Html(Render(context, dataset.Title, new ListView(context, dataset, resource.GeoJson, request, page.Items.Cast<object>().ToList(),
                new PageState(page.HasNextPage, page.EndCursor, page.TotalCount ?? page.Items.Count, page.Sort), facets).Render(),
                "datasets", FirstSentence(dataset.Description), "dataset.js"));
        }
    }

    private sealed record PageState(bool HasNextPage, string? EndCursor, long Total, IReadOnlyList<SortField> Sort);

    /// <summary>The HTML of a dataset page.</summary>
    private sealed class ListView(HttpContext context, IDataset dataset, bool geoJson, CollectionRequest request, IReadOnlyList<object> rows,
        PageState page, IReadOnlyList<Facet> facets)
    {

        private readonly Dictionary<string, DatasetReference> _references = DatasetCatalog.ReferencesFrom(dataset).ToDictionary(r => r.Field.Name);
        private readonly List<KeyValuePair<string, StringValues>> _query = context.Request.Query.ToList();

        public string Render()
        {
            var b = new StringBuilder();
            b.Append("<h1>").Append(H(dataset.Title)).Append("</h1>\n<p class=\"lead\">").Append(H(dataset.Description)).Append("</p>\n");
            b.Append("<p class=\"total\" id=\"total\">").Append(Count(page.Total)).Append(_query.Any(p => !ShapeParameters.Contains(p.Key)) ? " match this query" : "");
            if (dataset.FindField("is_current") is not null && !_query.Any(p => p.Key == "include_superseded" || p.Key.StartsWith("is_current", StringComparison.Ordinal)))
            {
                b.Append(" (current figures only: ").Append(A(With(("include_superseded", "true"), ("cursor", null)), "include superseded revisions")).Append(')');
            }
            b.Append(".</p>\n");
            if (dataset.ResourceName == "crime_figures")
            {
                // The catalogue counts the MPS monthly counts with these figures; they are not rows of this table, so
                // say where they are rather than leave the two numbers to disagree silently.
                b.Append("<p>The Metropolitan Police's monthly ward counts are not listed here row by row: the ").Append(A(Url(context, "/map"), "ward map"))
                    .Append(" and each area's profile show them, and the API sums them (").Append(A(Url(context, "/api/v1/crime-figures/aggregates"), "aggregates"))
                    .Append(", ").Append(A(Url(context, "/api/v1/crime-figures/series?area_code=E09000020"), "monthly series")).Append(").</p>\n");
            }
            AppendForm(b);
            AppendActiveFilters(b);
            AppendDownloads(b);
            AppendTable(b);
            AppendPager(b);
            AppendFacets(b);
            return b.ToString();
        }

        private string Count(long n) => N(n) + " " + (n == 1 ? dataset.Noun : dataset.ResourceName.Replace('_', ' '));

        /// <summary>This page's URL with parameters replaced (null removes).</summary>
        private string With(params (string Name, string? Value)[] replace)
        {
            var names = replace.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            var kept = _query.Where(q => !names.Contains(q.Key)).ToList();
            kept.AddRange(replace.Where(r => r.Value is not null).Select(r => new KeyValuePair<string, StringValues>(r.Name, r.Value)));
            return RestLinks.WithQuery(SiteLinks.Dataset(context, dataset), kept);
        }

        private void AppendForm(StringBuilder b)
        {
            b.Append("<form class=\"query\" method=\"get\" action=\"").Append(H(SiteLinks.Dataset(context, dataset))).Append("\">\n");
            var searchable = SearchIndex.IsSearchable(dataset);
            // The current selection rides along, so the form adds to it.
            foreach (var (name, values) in _query.Where(p => p.Key != "cursor" && !(searchable && p.Key == "q")))
            {
                foreach (var value in values)
                {
                    b.Append("<input type=\"hidden\" name=\"").Append(H(name)).Append("\" value=\"").Append(H(value)).Append("\">\n");
                }
            }
            if (searchable)
            {
                b.Append("<div class=\"row\"><div><label for=\"q\">Search</label><input type=\"search\" id=\"q\" name=\"q\" value=\"")
                    .Append(H(context.Request.Query["q"].ToString())).Append("\" size=\"30\" aria-describedby=\"q-hint\"></div>")
                    .Append("<p id=\"q-hint\" class=\"muted\">Finds rows whose ").Append(H(string.Join(", ", SearchIndex.Fields(dataset).Select(f => f.Name))))
                    .Append(" contain all the words, in any form (burglaries finds burglary).</p></div>\n");
            }
            b.Append("<fieldset><legend>Add a filter</legend>\n<div class=\"row\">\n<div><label for=\"filter_field\">Field</label><select id=\"filter_field\" name=\"filter_field\">")
                .Append("<option value=\"\">(choose a field)</option>");
            foreach (var field in dataset.Fields.Where(f => f.Filterable))
            {
                b.Append("<option value=\"").Append(H(field.Name)).Append("\" data-ops=\"")
                    .Append(string.Join(' ', field.Operators.Select(FilterTranslator.OperatorName))).Append("\" data-eq=\"")
                    .Append(H(ParameterName(dataset, field.Name, "eq"))).Append("\">").Append(H(field.Name)).Append("</option>");
            }
            b.Append("</select></div>\n<div><label for=\"filter_op\">Operator</label><select id=\"filter_op\" name=\"filter_op\">");
            foreach (var (op, words) in OperatorWords)
            {
                b.Append("<option value=\"").Append(op).Append("\">").Append(H(words)).Append("</option>");
            }
            b.Append("</select></div>\n<div><label for=\"filter_value\">Value</label><input id=\"filter_value\" name=\"filter_value\" size=\"24\"></div>\n")
                .Append("<div><button type=\"submit\">Apply</button></div>\n</div>\n</fieldset>\n</form>\n");
        }

        private static readonly (string Op, string Words)[] OperatorWords =
        [
            ("eq", "is (=)"), ("ne", "is not (≠)"), ("contains", "contains"), ("startswith", "starts with"), ("endswith", "ends with"),
            ("gt", "greater than (>)"), ("gte", "at least (≥)"), ("lt", "less than (<)"), ("lte", "at most (≤)"),
            ("in", "one of (a,b)"), ("nin", "none of (a,b)"), ("isnull", "is empty (true/false)"),
        ];

        private void AppendActiveFilters(StringBuilder b)
        {
            var filters = _query.Where(p => !ShapeParameters.Contains(p.Key)).ToList();
            if (filters.Count == 0) return;
            b.Append("<h2 id=\"filters\">Filters</h2>\n<ul class=\"active-filters\">\n");
            foreach (var (name, values) in filters)
            {
                var text = name == "q" ? $"search: {values}" : $"{name} = {values}";
                b.Append("<li><code>").Append(H(text)).Append("</code> <a href=\"").Append(H(With((name, null), ("cursor", null))))
                    .Append("\">remove<span class=\"vh\"> ").Append(H(text)).Append("</span></a></li>\n");
            }
            b.Append("</ul>\n");
            if (filters.Count > 1) b.Append("<p>").Append(A(SiteLinks.Dataset(context, dataset), "Remove every filter")).Append("</p>\n");
        }

        private void AppendDownloads(StringBuilder b)
        {
            var links = RestLinks.For(context);
            var api = links.Path(dataset.Name);
            // The whole selection (filters and sort) as files; JSON is this very page (limit and cursor too).
            var selection = _query.Where(p => p.Key is not ("cursor" or "limit")).ToList();
            var json = RestLinks.WithQuery(api, _query.Any(p => p.Key == "limit") ? _query : [.. _query, new("limit", request.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            b.Append("<ul class=\"downloads\" aria-label=\"This query elsewhere\">\n<li>")
                .Append(A(RestLinks.WithQuery(api, [.. selection, new("format", "csv")]), "CSV (every matching row)")).Append("</li>\n<li>")
                .Append(A(json, "JSON (this page)")).Append("</li>\n");
            if (geoJson) b.Append("<li>").Append(A(RestLinks.WithQuery(api, [.. selection, new("format", "geojson")]), "GeoJSON (every matching row)")).Append("</li>\n");
            b.Append("<li>API: <code>").Append(A(json, json)).Append("</code></li>\n</ul>\n");
        }

        private void AppendTable(StringBuilder b)
        {
            var first = page.Sort.Count > 0 ? page.Sort[0] : null;
            b.Append("<div class=\"scroll\" role=\"region\" aria-labelledby=\"rows-caption\" tabindex=\"0\"><table class=\"data rows\">\n<caption id=\"rows-caption\">")
                .Append(H(dataset.Title)).Append(rows.Count == 0 ? ": no rows" : $": rows {(_query.Any(p => p.Key == "cursor") ? "after the previous page" : "1 to " + N(rows.Count))}")
                .Append("</caption>\n<thead><tr>");
            foreach (var field in request.Selected)
            {
                var sorted = first is not null && first.Field == field.Name;
                b.Append("<th scope=\"col\"");
                if (IsNumeric(field)) b.Append(" class=\"num\"");
                if (sorted) b.Append(" aria-sort=\"").Append(first!.Direction == SortDirection.Ascending ? "ascending" : "descending").Append('"');
                b.Append('>');
                if (field.Sortable)
                {
                    var descendingNext = sorted && first!.Direction == SortDirection.Ascending;
                    var label = sorted ? (first!.Direction == SortDirection.Ascending ? " ▲" : " ▼") : "";
                    b.Append("<a href=\"").Append(H(With(("sort", (descendingNext ? "-" : "") + field.Name), ("cursor", null)))).Append("\">")
                        .Append(H(field.Name)).Append("<span aria-hidden=\"true\">").Append(label).Append("</span>")
                        .Append("<span class=\"vh\">, sort ").Append(descendingNext ? "descending" : "ascending").Append("</span></a>");
                }
                else
                {
                    b.Append(H(field.Name));
                }
                b.Append("</th>");
            }
            b.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in rows)
            {
                b.Append("<tr>");
                foreach (var field in request.Selected)
                {
                    var cell = Cell(context, dataset, field, row, _references);
                    b.Append(field == dataset.Key ? "<th scope=\"row\"" : "<td");
                    var classes = IsNumeric(field) ? "num" : _references.ContainsKey(field.Name) ? "ref" : field.Getter(row) is string { Length: > 80 } ? "long" : null;
                    if (classes is not null) b.Append(" class=\"").Append(classes).Append('"');
                    b.Append('>').Append(cell).Append(field == dataset.Key ? "</th>" : "</td>");
                }
                b.Append("</tr>\n");
            }
            b.Append("</tbody>\n</table></div>\n");
        }

        private void AppendPager(StringBuilder b)
        {
            var after = _query.Any(p => p.Key == "cursor");
            if (!page.HasNextPage && !after) return;
            b.Append("<nav class=\"pager\" aria-label=\"Pages\">");
            if (after) b.Append(A(With(("cursor", null)), "First page"));
            if (page.HasNextPage) b.Append(A(With(("cursor", page.EndCursor)), "Next page", "rel=\"next\""));
            b.Append("</nav>\n");
        }

        private void AppendFacets(StringBuilder b)
        {
            var shown = facets.Where(f => f.Values.Count > 0).ToList();
            if (shown.Count == 0) return;
            b.Append("<h2 id=\"facets\">Narrow down</h2>\n<p>The values of these fields among the ").Append(Count(page.Total))
                .Append(", most frequent first; each adds a filter.</p>\n<div class=\"facets\">\n");
            foreach (var facet in shown)
            {
                var name = facet.Field.Name;
                b.Append("<section aria-labelledby=\"facet-").Append(H(name)).Append("\"><h3 id=\"facet-").Append(H(name)).Append("\">").Append(H(name)).Append("</h3>\n<ul>\n");
                foreach (var value in facet.Values.Take(FacetValuesShown))
                {
                    var text = FieldValues.Format(value.Value);
                    var (parameter, given) = value.Value is null ? (name + "__isnull", "true") : (ParameterName(dataset, name, "eq"), text);
                    var current = context.Request.Query[parameter] == given;
                    b.Append("<li>");
                    if (current) b.Append("<strong>").Append(H(value.Value is null ? "(empty)" : text)).Append("</strong>");
                    else b.Append(A(With((parameter, given), ("cursor", null)), value.Value is null ? "(empty)" : text));
                    b.Append(" <span class=\"muted\">").Append(N(value.Count)).Append("</span></li>\n");
                }
                b.Append("</ul>\n");
                if (facet.Values.Count > FacetValuesShown || facet.Truncated) b.Append("<p class=\"muted\">and more values</p>\n");
                b.Append("</section>\n");
            }
            b.Append("</div>\n");
        }
    }

    /// <summary>A row page: every field, what the row names, what names it, its source and where in it.</summary>
    private sealed class RowPage(HttpContext context, OpenDataDbContext db, QueryEngine engine, string key, CancellationToken ct) : IDatasetVisitor<Task<IResult>>
    {
        public async Task<IResult> Visit<TEntity, TDto>(Dataset<TEntity, TDto> dataset) where TEntity : class where TDto : class
        {
            var resource = (DatasetResource<TEntity, TDto>)RestResources.Of(dataset);
            var row = await engine.GetByKeyAsync(db, dataset, key, null, ct);
            if (row is null)
            {
                return Html(NotFound(context, $"{dataset.Title} has no {dataset.Noun} with {dataset.Key.Name} '{key}'."), StatusCodes.Status404NotFound);
            }
            var links = resource.Links(row, RestLinks.For(context)).ToList();
            var references = DatasetCatalog.ReferencesFrom(dataset).ToDictionary(r => r.Field.Name);
            var named = DatasetCatalog.ReferencesFrom(dataset).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            var naming = DatasetCatalog.ReferencesTo(dataset).ToDictionary(r => r.Inverse, StringComparer.Ordinal);
            var title = (dataset.FindField("name") ?? dataset.FindField("title")) is { } nameField && nameField.Getter(row) is string name && name.Length > 0
                ? name : $"{Capital(dataset.Noun)} {key}";

            var b = new StringBuilder();
            b.Append("<nav class=\"crumbs\" aria-label=\"Breadcrumb\">").Append(A(SiteLinks.Dataset(context, dataset), dataset.Title)).Append(" › ").Append(H(key)).Append("</nav>\n")
                .Append("<h1>").Append(H(title)).Append("</h1>\n<p>One ").Append(H(dataset.Noun)).Append(" of ").Append(A(SiteLinks.Dataset(context, dataset), dataset.Title))
                .Append(", <code>").Append(H(dataset.Key.Name)).Append(" = ").Append(H(key)).Append("</code>. The same as ")
                .Append(A(RestLinks.For(context).Item(dataset.Name, key), "JSON")).Append(".</p>\n");

            // Where it comes from, first: the source record and the place in its document the row was transcribed from.
            if (dataset.FindField("source_id")?.Getter(row) is string sourceId)
            {
                // Named by its title, as a reader knows it (the id is in the fields below).
                var source = await engine.GetByKeyAsync(db, SourceDto.Dataset, sourceId, ["id", "title", "publisher"], ct);
                b.Append("<h2 id=\"source\">Source</h2>\n<p>From ").Append(A(SiteLinks.Row(context, SourceDto.Dataset, sourceId), source?.Title ?? sourceId));
                if (source is not null) b.Append(" (").Append(H(source.Publisher)).Append(')');
                if (dataset.FindField("locator")?.Getter(row) is string locator && locator.Length > 0) b.Append(", at <q>").Append(H(locator)).Append("</q>");
                b.Append(".</p>\n");
                if (dataset.FindField("locator_url")?.Getter(row) is string locatorUrl && SiteLinks.FromApi(context, locatorUrl) is { } place)
                {
                    b.Append("<p>").Append(A(place, "Read it in the source document", "class=\"locator\"")).Append(", where the figure was transcribed from.</p>\n");
                }
                else if (SourceDocuments.Find(sourceId) is null)
                {
                    b.Append("<p>").Append(A(SiteLinks.Source(context, sourceId), "About the source")).Append(": a published dataset, not a document.</p>\n");
                }
            }
            if (dataset.ResourceName == "areas") b.Append("<p>").Append(A(SiteLinks.Area(context, key), "The profile of " + title)).Append(": its crime figures, targets and actions.</p>\n");
            if ((IDataset)dataset == SourceDto.Dataset) b.Append("<p>").Append(A(SiteLinks.Source(context, key), SourceDocuments.Find(key) is null ? "About this source" : "Read the document")).Append(".</p>\n");

            b.Append("<h2 id=\"fields\">Fields</h2>\n<dl class=\"fields\">\n");
            foreach (var field in dataset.Fields)
            {
                var cell = Cell(context, dataset, field, row, references);
                b.Append("<dt>").Append(H(field.Name)).Append("</dt><dd>").Append(cell.Length == 0 ? "<span class=\"missing\">empty</span>" : cell).Append("</dd>\n");
            }
            b.Append("</dl>\n");

            AppendLinks(b, "names", $"What this {dataset.Noun} names", links.Where(l => named.Contains(l.Key)),
                l => $"{l.Key.Replace('_', ' ')}: {Uri.UnescapeDataString(l.Value[(l.Value.LastIndexOf('/') + 1)..])}");
            AppendLinks(b, "named-by", $"Rows that name this {dataset.Noun}", links.Where(l => naming.ContainsKey(l.Key)),
                l => $"{naming[l.Key].From.Title} whose {naming[l.Key].Field.Name} is {key}");
            AppendLinks(b, "more", "More", links.Where(l => l.Key != "self" && !named.Contains(l.Key) && !naming.ContainsKey(l.Key)), l => l.Key.Replace('_', ' '));
            return Html(Render(context, title + " · " + dataset.Title, b.ToString(), "datasets"));
        }

        /// <summary>Links of the row as site pages where the site has one (the API's otherwise).</summary>
        private void AppendLinks(StringBuilder b, string id, string heading, IEnumerable<KeyValuePair<string, string>> links, Func<KeyValuePair<string, string>, string> label)
        {
            var list = links.ToList();
            if (list.Count == 0) return;
            b.Append("<h2 id=\"").Append(id).Append("\">").Append(H(heading)).Append("</h2>\n<ul class=\"links\">\n");
            foreach (var link in list)
            {
                var site = SiteLinks.FromApi(context, link.Value);
                b.Append("<li>").Append(A(site ?? link.Value, label(link))).Append(site is null ? " <span class=\"muted\">(API)</span>" : "").Append("</li>\n");
            }
            b.Append("</ul>\n");
        }

        private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static bool IsNumeric(FieldInfo field) => field.Type is FieldType.Integer or FieldType.Number;

    /// <summary>One value as HTML: the key and the foreign keys link to their row pages, a locator_url to the place
    /// in the source document; text is shown whole.</summary>
    internal static string Cell(HttpContext context, IDataset dataset, FieldInfo field, object row, IReadOnlyDictionary<string, DatasetReference> references)
    {
        var value = field.Getter(row);
        if (value is null) return "";
        var text = FieldValues.Format(value);
        if (field == dataset.Key) return A(SiteLinks.Row(context, dataset, text), text);
        if (references.TryGetValue(field.Name, out var reference)) return A(SiteLinks.Row(context, reference.To, text), text);
        if (field.Name == "locator_url") return SiteLinks.FromApi(context, text) is { } site ? A(site, "in the document") : H(text);
        if (field.Type == FieldType.Json) return "<code>" + H(text) + "</code>";
        return H(text);
    }

    internal static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }
}
