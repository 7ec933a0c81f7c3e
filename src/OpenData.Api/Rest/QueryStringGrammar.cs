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
public sealed record CollectionRequest(
    DatasetQuery Query,
    IReadOnlyList<FieldInfo> Selected,
    int Limit,
    bool Bom);

/// <summary>
/// The REST query-string grammar shared by every dataset collection:
/// <c>field=value</c>, <c>field__op=value</c> (op: ne, lt, lte, gt, gte, in, nin, contains, startswith, endswith,
/// isnull), <c>sort=a,-b</c>, <c>fields=a,b</c>, <c>limit</c>, <c>cursor</c>, <c>total</c>, <c>format</c>, <c>bom</c>.
/// Every parameter is accounted for: an unknown one is an error, never ignored, so a typo cannot silently return
/// the unfiltered dataset.
/// </summary>
public static class QueryStringGrammar
{
    public const string OperatorSeparator = "__";

    /// <summary>Parameter names of the grammar itself (not filters).</summary>
    public static readonly IReadOnlyList<string> Reserved = ["sort", "fields", "limit", "cursor", "total", "format", "bom"];

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
        var conditions = new List<FilterNode>();
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
            if (Reserved.Contains(name) || extra is not null)
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
            }
            if (extra is not null)
            {
                try
                {
                    if (extra.ToFilter(value) is { } filter) conditions.Add(filter);
                }
                catch (FormatException e)
                {
                    Invalid(name, e.Message);
                }
                continue;
            }
            if (ParseFilter(dataset, name, values, errors) is { } condition) conditions.Add(condition);
        }

        if (implicitFilter?.Invoke(present) is { } byDefault) conditions.Add(byDefault);
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
        return (new CollectionRequest(datasetQuery, selected, limit, bom), errors);
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
    /// One filter parameter as sent (every collection and the aggregates route read filters through this), or null
    /// with an error recorded. Repeating a filter would AND the values (area_code=A&amp;area_code=B matches nothing),
    /// which is never what the client meant: it is an error that points at the operator that does mean "any of".
    /// </summary>
    public static ConditionFilter? ParseFilter(IDataset dataset, string parameter, StringValues values, List<QueryError> errors, IEnumerable<string>? routeParameters = null)
    {
        if (values.Count > 1)
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, parameter, RepeatedFilterMessage(parameter)));
            return null;
        }
        return ParseCondition(dataset, parameter, values.Count == 0 ? "" : values[0] ?? "", errors, routeParameters);
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
    private static ConditionFilter? ParseCondition(IDataset dataset, string parameter, string value, List<QueryError> errors, IEnumerable<string>? routeParameters)
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
