using OpenData.Query;

namespace OpenData.Api.GraphQL.DatasetTypes;

/// <summary>
/// Turns the <c>where</c> and <c>order</c> arguments into the query layer's filter tree and sort keys, so GraphQL
/// filters with the same translation to SQL as REST (one query path, the same records).
/// </summary>
public static class FilterOperations
{
    /// <summary>The filter tree of a <c>where</c> input; <paramref name="path"/> names it in error messages.</summary>
    public static FilterNode Where(IDatasetGraph graph, IReadOnlyDictionary<string, object?> where, string path)
    {
        var operands = new List<FilterNode>();
        foreach (var (name, value) in where)
        {
            if (value is null) continue; // a null field filter means "no condition", as in HotChocolate
            var at = path + "." + name;
            switch (name)
            {
                case "and":
                    operands.Add(new AndFilter(Items(value).Select((item, i) => Where(graph, Object(item, $"{at}[{i}]"), $"{at}[{i}]")).ToList()) { Origin = at });
                    break;
                case "or":
                    operands.Add(new OrFilter(Items(value).Select((item, i) => Where(graph, Object(item, $"{at}[{i}]"), $"{at}[{i}]")).ToList()) { Origin = at });
                    break;
                default:
                    var field = graph.FilterField(name) ?? throw Invalid(at, $"{name} cannot be filtered on.");
                    operands.Add(Operations(field, Object(value, at), at));
                    break;
            }
        }
        // The origin names the input object in limit errors (FilterLimits: "where has 120 terms").
        return new AndFilter(operands) { Origin = path };
    }

    /// <summary>The sort keys of an <c>order</c> list: each element's fields in the order given, then the next element's.</summary>
    public static IReadOnlyList<SortField> Order(IDatasetGraph graph, IReadOnlyList<object?> order, string path)
    {
        var sort = new List<SortField>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            var at = $"{path}[{i}]";
            foreach (var (name, direction) in Object(order[i], at))
            {
                if (direction is null) continue;
                var field = graph.SortField(name) ?? throw Invalid($"{at}.{name}", $"{name} cannot be sorted on.");
                // Checked here, not left to the query layer, whose message names the REST field and parameter.
                if (!seen.Add(name)) throw Invalid(path, $"{name} appears twice in {path}.");
                sort.Add(new SortField(field.Name, (string)direction == "DESC" ? SortDirection.Descending : SortDirection.Ascending));
            }
        }
        return sort;
    }

    private static FilterNode Operations(FieldInfo field, IReadOnlyDictionary<string, object?> operations, string path)
    {
        var operands = new List<FilterNode>();
        foreach (var (operation, value) in operations)
        {
            var at = path + "." + operation;
            FilterNode Condition(FilterOperator op) => new ConditionFilter(field.Name, op, value) { Origin = at };
            // HotChocolate's negated operations are negations: "not greater than" holds for empty values too.
            FilterNode Not(FilterOperator op) => new NotFilter(Condition(op));
            if (value is null && operation is not ("eq" or "neq"))
            {
                // Only eq and neq give null a meaning (is empty / is not empty). Elsewhere it has none, and ignoring
                // it would return every row: refused, as HotChocolate refuses it.
                throw Invalid(at, $"{operation} does not accept null: only eq and neq do (null there means the field is empty, or present).");
            }
            operands.Add(operation switch
            {
                "and" => new AndFilter(Items(value).Select((item, i) => Operations(field, Object(item, $"{at}[{i}]"), $"{at}[{i}]")).ToList()) { Origin = at },
                "or" => new OrFilter(Items(value).Select((item, i) => Operations(field, Object(item, $"{at}[{i}]"), $"{at}[{i}]")).ToList()) { Origin = at },
                "eq" => Condition(FilterOperator.Eq),
                "neq" => Condition(FilterOperator.Neq),
                "in" => Condition(FilterOperator.In),
                "nin" => Condition(FilterOperator.Nin),
                "gt" => Condition(FilterOperator.Gt),
                "gte" => Condition(FilterOperator.Gte),
                "lt" => Condition(FilterOperator.Lt),
                "lte" => Condition(FilterOperator.Lte),
                "ngt" => Not(FilterOperator.Gt),
                "ngte" => Not(FilterOperator.Gte),
                "nlt" => Not(FilterOperator.Lt),
                "nlte" => Not(FilterOperator.Lte),
                "contains" => Condition(FilterOperator.Contains),
                "ncontains" => Not(FilterOperator.Contains),
                "startsWith" => Condition(FilterOperator.StartsWith),
                "nstartsWith" => Not(FilterOperator.StartsWith),
                "endsWith" => Condition(FilterOperator.EndsWith),
                "nendsWith" => Not(FilterOperator.EndsWith),
                _ => throw Invalid(at, $"Unknown filter operation {operation}."),
            });
        }
        return new AndFilter(operands) { Origin = path };
    }

    private static IReadOnlyList<object?> Items(object? value) => value as IReadOnlyList<object?> ?? [value];

    private static IReadOnlyDictionary<string, object?> Object(object? value, string path) =>
        value as IReadOnlyDictionary<string, object?> ?? throw Invalid(path, "Expected an input object.");

    private static QueryException Invalid(string path, string message) => new(QueryErrorKind.InvalidParameter, path, message);
}
