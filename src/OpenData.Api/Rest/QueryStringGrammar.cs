using Microsoft.Extensions.Primitives;
using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary>A parameter a route accepts besides the shared grammar, turned into a filter (or nothing).</summary>
/// <param name="Name">Query parameter name.</param>
/// <param name="Description">For the OpenAPI document.</param>
/// <param name="Example">For the OpenAPI document.</param>
/// <param name="Type">OpenAPI type: string, integer, number or boolean.</param>
/// <param name="ToFilter">Value to filter; throws <see cref="FormatException"/> for a bad value.</param>
public sealed record ExtraParameter(string Name, string Description, string Example, string Type, Func<string, FilterNode?> ToFilter);

/// <summary>A collection request, parsed.</summary>
/// <param name="Query">Filter, sort, fields and page for the query layer.</param>
/// <param name="Selected">Fields to write, in order.</param>
/// <param name="Limit">Page size (or the most rows of an export).</param>
/// <param name="Bom">CSV: start with a byte-order mark.</param>
/// <param name="Facets">Fields to count by value (<c>facet=</c>), in the order asked.</param>
public sealed record CollectionRequest(
    DatasetQuery Query,
    IReadOnlyList<FieldInfo> Selected,
    int Limit,
    bool Bom,
    IReadOnlyList<FieldInfo> Facets);

/// <summary>
/// The REST query-string grammar shared by every dataset collection:
/// <c>field=value</c>, <c>field__op=value</c> (op: ne, lt, lte, gt, gte, in, nin, contains, startswith, endswith,
/// isnull), <c>or.N.field__op=value</c> (see <see cref="FilterParameters"/>), <c>sort=a,-b</c>, <c>fields=a,b</c>,
/// <c>limit</c>, <c>cursor</c>, <c>total</c>, <c>facet</c> (repeatable), <c>format</c>, <c>bom</c>.
/// Every parameter is accounted for: an unknown one is an error, never ignored, so a typo cannot silently return
/// the unfiltered dataset.
/// </summary>
public static class QueryStringGrammar
{
    public const string OperatorSeparator = "__";

    /// <summary>Parameter names of the grammar itself (not filters).</summary>
    public static readonly IReadOnlyList<string> Reserved = ["sort", "fields", "limit", "cursor", "total", "facet", "format", "bom"];

    /// <summary>The one grammar parameter that may be repeated: each <c>facet=field</c> adds a facet.</summary>
    public const string Facet = "facet";

    private static readonly Dictionary<string, FilterOperator> Operators = new(StringComparer.Ordinal)
    {
        ["eq"] = FilterOperator.Eq,
        ["ne"] = FilterOperator.Neq,
        ["lt"] = FilterOperator.Lt,
        ["lte"] = FilterOperator.Lte,
        ["gt"] = FilterOperator.Gt,
        ["gte"] = FilterOperator.Gte,
        ["in"] = FilterOperator.In,
        ["nin"] = FilterOperator.Nin,
        ["contains"] = FilterOperator.Contains,
        ["startswith"] = FilterOperator.StartsWith,
        ["endswith"] = FilterOperator.EndsWith,
        ["isnull"] = FilterOperator.IsNull,
    };

    /// <summary>
    /// Parses a collection's query string. Errors are collected (all of them, so a client fixes its URL in one go)
    /// and returned instead of a request.
    /// </summary>
    /// <param name="dataset">The dataset the collection lists.</param>
    /// <param name="query">The query string.</param>
    /// <param name="limits">Page sizes.</param>
    /// <param name="format">The negotiated output format (bom is CSV only).</param>
    /// <param name="extras">The route's own parameters.</param>
    /// <param name="implicitFilter">Given the parameters present (name to first value), a filter the route adds by default
    /// (crime-figures: current figures only unless <c>include_superseded</c> or an <c>is_current</c> filter).</param>
    public static (CollectionRequest? Request, IReadOnlyList<QueryError> Errors) ParseCollection(
        IDataset dataset,
        IEnumerable<KeyValuePair<string, StringValues>> query,
        QueryOptions limits,
        OutputFormat format,
        IReadOnlyList<ExtraParameter>? extras = null,
        Func<IReadOnlyDictionary<string, string>, FilterNode?>? implicitFilter = null)
    {
        var errors = new List<QueryError>();
        var filters = new FilterParameters();
        var facets = new List<FieldInfo>();
        IReadOnlyList<SortField> sort = [];
        IReadOnlyList<FieldInfo> selected = dataset.Fields;
        IReadOnlyList<string>? fieldNames = null;
        var limit = limits.DefaultPageSize;
        string? cursor = null;
        var total = false;
        var bom = false;
        var present = new Dictionary<string, string>(StringComparer.Ordinal);

        void Invalid(string parameter, string message) => errors.Add(new QueryError(QueryErrorKind.InvalidParameter, parameter, message));

        foreach (var (name, values) in query)
        {
            present[name] = values.Count > 0 ? values[0] ?? "" : "";
            var extra = extras?.FirstOrDefault(e => e.Name == name);
            if ((Reserved.Contains(name) && name != Facet) || extra is not null)
            {
                if (values.Count != 1)
                {
                    Invalid(name, $"{name} may be given once.");
                    continue;
                }
            }
            var value = values.Count > 0 ? values[0] ?? "" : "";
            switch (name)
            {
                case "format":
                    continue; // negotiated before parsing
                case "sort":
                    sort = ParseSort(dataset, value, errors);
                    continue;
                case "fields":
                    (selected, fieldNames) = ParseFields(dataset, value, errors);
                    continue;
                case "limit":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > limits.MaxPageSize)
                    {
                        Invalid("limit", $"limit must be a whole number from 1 to {limits.MaxPageSize}.");
                    }
                    continue;
                case "cursor":
                    if (value.Length == 0) Invalid("cursor", "cursor is empty: omit it for the first page.");
                    cursor = value;
                    continue;
                case "total":
                    if (!TryBoolean(value, out total)) Invalid("total", "total must be true or false.");
                    continue;
                case "bom":
                    if (!TryBoolean(value, out bom)) Invalid("bom", "bom must be true or false.");
                    else if (bom && format != OutputFormat.Csv) Invalid("bom", "bom applies to CSV output only (format=csv or Accept: text/csv).");
                    continue;
                case Facet:
                    ParseFacets(dataset, values, format, facets, errors);
                    continue;
            }
            if (extra is not null)
            {
                try
                {
                    if (extra.ToFilter(value) is { } filter) filters.Add(filter);
                }
                catch (FormatException e)
                {
                    Invalid(name, e.Message);
                }
                continue;
            }
            ParseFilter(dataset, name, values, errors, filters);
        }

        if (implicitFilter?.Invoke(present) is { } byDefault) filters.Add(byDefault);
        var conditions = filters.ToConditions();
        CheckFilterLimits(conditions, limits, errors);
        if (errors.Count > 0) return (null, errors);

        var datasetQuery = new DatasetQuery
        {
            Filter = conditions.Count == 0 ? null : new AndFilter(conditions),
            Sort = sort,
            Fields = fieldNames,
            Page = new PageRequest(First: limit, After: cursor),
            IncludeTotal = total,
        };
        return (new CollectionRequest(datasetQuery, selected, limit, bom, facets), errors);
    }

    /// <summary>The <c>facet</c> parameters: each names a facetable field once (<see cref="Facets.Facetable"/>);
    /// JSON pages only, since a CSV or GeoJSON export has no place for counts.</summary>
    private static void ParseFacets(IDataset dataset, StringValues values, OutputFormat format, List<FieldInfo> facets, List<QueryError> errors)
    {
        if (format != OutputFormat.Json)
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, Facet, "facet applies to JSON pages only (meta.facets); drop it from a CSV or GeoJSON export."));
            return;
        }
        foreach (var name in values.Select(v => v ?? ""))
        {
            if (Facets.Refusal(dataset, name) is { } refusal)
            {
                errors.Add(new QueryError(QueryErrorKind.InvalidParameter, Facet, refusal));
            }
            else if (facets.Any(f => f.Name == name))
            {
                errors.Add(new QueryError(QueryErrorKind.InvalidParameter, Facet, $"facet={name} is given twice; name each field once (facet=a&facet=b)."));
            }
            else
            {
                facets.Add(dataset.FindField(name)!);
            }
        }
    }

    /// <summary>
    /// The query layer's filter limits (<see cref="FilterLimits"/>) on a route's filter conditions, checked when the
    /// query string is read, so an export is refused with a 400 before its body starts; an error is recorded.
    /// </summary>
    public static void CheckFilterLimits(IReadOnlyList<FilterNode> conditions, QueryOptions limits, List<QueryError> errors)
    {
        try
        {
            FilterLimits.Check(new AndFilter(conditions), limits);
        }
        catch (QueryException e)
        {
            errors.AddRange(e.Errors);
        }
    }

    /// <summary>
    /// One filter parameter as sent (every collection and the aggregates route read filters through this), added to
    /// <paramref name="filters"/>, or an error recorded. Repeating a filter would AND the values
    /// (area_code=A&amp;area_code=B matches nothing), which is never what the client meant: it is an error that
    /// points at the operator that does mean "any of". <c>or.N.field__op</c> adds the condition to OR group N.
    /// </summary>
    public static void ParseFilter(IDataset dataset, string parameter, StringValues values, List<QueryError> errors, FilterParameters filters,
        IEnumerable<string>? routeParameters = null)
    {
        if (values.Count > 1)
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, parameter, RepeatedFilterMessage(parameter)));
            return;
        }
        var value = values.Count == 0 ? "" : values[0] ?? "";
        if (!parameter.StartsWith(FilterParameters.OrPrefix, StringComparison.Ordinal))
        {
            if (ParseCondition(dataset, parameter, value, errors, routeParameters) is { } condition) filters.Add(condition);
            return;
        }
        // or.N.field__op: N numbers the group (digits), the rest is an ordinary filter parameter.
        var rest = parameter[FilterParameters.OrPrefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !rest[..dot].All(char.IsAsciiDigit) || dot > 4 || dot == rest.Length - 1)
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, parameter,
                $"{parameter} is not an OR condition: write or.N.field=value or or.N.field__op=value, N a group number (1 to 4 digits); conditions of one group are ANDed, the groups ORed."));
            return;
        }
        if (ParseCondition(dataset, rest[(dot + 1)..], value, errors, routeParameters, parameter) is { } grouped)
        {
            filters.Add(grouped with { Origin = parameter }, int.Parse(rest[..dot], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Why a filter parameter may not be repeated, and what to write instead.</summary>
    private static string RepeatedFilterMessage(string parameter)
    {
        var separator = parameter.IndexOf(OperatorSeparator, StringComparison.Ordinal);
        var field = separator >= 0 ? parameter[..separator] : parameter;
        var op = separator >= 0 ? parameter[(separator + OperatorSeparator.Length)..] : "eq";
        return op switch
        {
            "eq" => $"{parameter} may be given once: for any of several values use {field}__in=a,b (comma-separated).",
            "ne" => $"{parameter} may be given once: to exclude several values use {field}__nin=a,b (comma-separated).",
            "in" or "nin" => $"{parameter} may be given once: put all the values in it, comma-separated ({parameter}=a,b).",
            _ => $"{parameter} may be given once: combine conditions on {field} with different operators ({field}__gte=a&{field}__lte=b) or use {field}__in.",
        };
    }

    /// <summary>One filter parameter value, <c>field</c> or <c>field__op</c>, or null with an error recorded.
    /// <paramref name="routeParameters"/>: the route's own parameters, named when the parameter is unknown (default:
    /// the collection parameters).</summary>
    private static ConditionFilter? ParseCondition(IDataset dataset, string parameter, string value, List<QueryError> errors, IEnumerable<string>? routeParameters,
        string? sent = null)
    {
        // sent: the parameter as the client wrote it (or.1.kind for kind), which errors name.
        var errorsBefore = errors.Count;
        var condition = ParseOneCondition(dataset, parameter, value, errors, routeParameters);
        if (sent is not null)
        {
            for (var i = errorsBefore; i < errors.Count; i++)
            {
                errors[i] = errors[i] with { Subject = QuerySubject.Named(sent) };
            }
        }
        return condition;
    }

    private static ConditionFilter? ParseOneCondition(IDataset dataset, string parameter, string value, List<QueryError> errors, IEnumerable<string>? routeParameters)
    {
        var fieldName = parameter;
        var op = FilterOperator.Eq;
        var separator = parameter.IndexOf(OperatorSeparator, StringComparison.Ordinal);
        if (separator >= 0)
        {
            fieldName = parameter[..separator];
            var opName = parameter[(separator + OperatorSeparator.Length)..];
            if (!Operators.TryGetValue(opName, out op))
            {
                errors.Add(new QueryError(QueryErrorKind.UnknownParameter, parameter,
                    $"Unknown operator '{opName}': use one of {string.Join(", ", Operators.Keys)}."));
                return null;
            }
        }
        var field = dataset.FindField(fieldName);
        if (field is null)
        {
            var parameters = routeParameters ?? Reserved;
            // The closest field (with the operator given), or, for a bare name, the closest of the route's parameters too.
            var closest = ClosestName.Of(fieldName, separator >= 0 ? dataset.Fields.Select(f => f.Name) : dataset.Fields.Select(f => f.Name).Concat(parameters));
            errors.Add(new QueryError(QueryErrorKind.UnknownParameter, parameter,
                $"Unknown parameter{(closest is null ? "" : $" (did you mean {closest}{(separator >= 0 ? parameter[separator..] : "")}?)")}: "
                + $"not a field of {dataset.ResourceName} (see /api/v1/datasets/{dataset.Name}) nor one of {string.Join(", ", parameters)}."));
            return null;
        }
        if (!field.Operators.Contains(op))
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, parameter, field.Filterable
                ? $"{field.Name} is a {FieldValues.TypeName(field.Type)}; its operators are {string.Join(", ", field.Operators.Select(FilterTranslator.OperatorName))}."
                : $"{field.Name} cannot be filtered on."));
            return null;
        }
        try
        {
            object? typed = op switch
            {
                FilterOperator.IsNull => TryBoolean(value, out var isNull) ? isNull : throw new FormatException("isnull takes true or false."),
                FilterOperator.In or FilterOperator.Nin => value.Split(',').Select(v => FieldValues.Parse(field, v)).ToList(),
                _ => FieldValues.Parse(field, value),
            };
            return new ConditionFilter(field.Name, op, typed) { Origin = parameter };
        }
        catch (FormatException e)
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, parameter, e.Message));
            return null;
        }
    }

    /// <summary>An unknown parameter's message: when one is close to what was given (<c>area</c> for
    /// <c>area_code</c>, a typo), the parameter the client probably meant (first, so a long list cannot cut it
    /// off), then what the route takes.</summary>
    public static string UnknownParameterMessage(string given, IEnumerable<string> valid, string takes) =>
        $"Unknown parameter{(ClosestName.Of(given, valid) is { } closest ? $" (did you mean {closest}?)" : "")}: {takes}.";

    public static IReadOnlyList<SortField> ParseSort(IDataset dataset, string value, List<QueryError> errors)
    {
        var result = new List<SortField>();
        foreach (var part in value.Split(','))
        {
            var descending = part.StartsWith('-');
            var name = descending ? part[1..] : part;
            var field = dataset.FindField(name);
            if (field is null || !field.Sortable)
            {
                errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "sort", field is null
                    ? $"'{name}' is not a field of {dataset.Name}; sort takes field names separated by commas, '-' for descending."
                    : $"{name} cannot be sorted on."));
                continue;
            }
            if (result.Any(s => s.Field == name))
            {
                errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "sort", $"{name} appears twice in sort."));
                continue;
            }
            result.Add(new SortField(name, descending ? SortDirection.Descending : SortDirection.Ascending));
        }
        return result;
    }

    public static (IReadOnlyList<FieldInfo> Selected, IReadOnlyList<string>? Names) ParseFields(IDataset dataset, string value, List<QueryError> errors)
    {
        var selected = new List<FieldInfo>();
        foreach (var name in value.Split(','))
        {
            var field = dataset.FindField(name);
            if (field is null)
            {
                errors.Add(new QueryError(QueryErrorKind.InvalidParameter, "fields", $"'{name}' is not a field of {dataset.Name}."));
            }
            else if (!selected.Contains(field))
            {
                selected.Add(field);
            }
        }
        return (selected, selected.Select(f => f.Name).ToList());
    }

    public static bool TryBoolean(string value, out bool result)
    {
        result = value == "true";
        return value is "true" or "false";
    }
}

/// <summary>
/// The filters of a query string, collected as they are read: plain conditions (ANDed) and OR groups.
/// <para>
/// OR across fields is written <c>or.N.field__op=value</c>: the conditions of one group N are ANDed, the groups are
/// ORed, and the whole OR is ANDed with the other filters, as GraphQL's <c>where: { or: [{...}, {...}] }</c>. So
/// <c>?or.1.kind=issue&amp;or.2.rag=red&amp;area_code=E09000020</c> is
/// <c>area_code = E09000020 AND (kind = issue OR rag = red)</c>. Why this form: each condition stays one ordinary
/// parameter, read by the same <see cref="QueryStringGrammar.ParseFilter"/> with the same closed-set and type
/// checks and the same rule that a parameter is given at most once; values need no new escaping (a comma list such
/// as <c>or=kind:issue,rag:red</c> would collide with the commas of <c>__in</c> and of values themselves, and a
/// <c>filter=</c> expression language would be a second grammar to parse, document and secure). One OR level is
/// enough for "this or that" questions; deeper trees are GraphQL's. <see cref="FilterLimits"/> count the whole
/// tree: the OR is a group of its own (<c>or</c>), each group one (<c>or.N</c>).
/// </para>
/// </summary>
public sealed class FilterParameters
{
    public const string OrPrefix = "or.";

    private readonly List<FilterNode> _conditions = [];
    private readonly SortedDictionary<int, List<FilterNode>> _groups = [];

    /// <summary>A condition ANDed with the rest.</summary>
    public void Add(FilterNode condition) => _conditions.Add(condition);

    /// <summary>A condition of OR group <paramref name="group"/>.</summary>
    public void Add(FilterNode condition, int group)
    {
        if (!_groups.TryGetValue(group, out var operands)) _groups[group] = operands = [];
        operands.Add(condition);
    }

    /// <summary>The conditions to AND: the plain ones, then the OR of the groups (in group-number order), if any.</summary>
    public List<FilterNode> ToConditions()
    {
        var result = new List<FilterNode>(_conditions);
        if (_groups.Count > 0)
        {
            result.Add(new OrFilter(_groups.Select(g => (FilterNode)new AndFilter(g.Value) { Origin = OrPrefix + g.Key }).ToList()) { Origin = "or" });
        }
        return result;
    }
}
