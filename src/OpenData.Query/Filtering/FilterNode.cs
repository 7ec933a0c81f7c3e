namespace OpenData.Query;

/// <summary>
/// A filter as a tree: REST builds an <see cref="AndFilter"/> of conditions from the query string, GraphQL builds
/// any tree from its <c>where</c> input (and / or / field conditions). One translation to SQL for both.
/// </summary>
public abstract record FilterNode
{
    public static FilterNode And(params FilterNode[] operands) => new AndFilter(operands);
    public static FilterNode Or(params FilterNode[] operands) => new OrFilter(operands);
    public static FilterNode Not(FilterNode operand) => new NotFilter(operand);
    public static FilterNode Where(string field, FilterOperator op, object? value) => new ConditionFilter(field, op, value);
}

/// <summary>All operands hold. An empty list holds for every row.</summary>
public sealed record AndFilter(IReadOnlyList<FilterNode> Operands) : FilterNode
{
    /// <summary>Where the client wrote this group (a GraphQL argument path), for error messages; null when the
    /// group is the front door's own (REST's conditions, a default condition).</summary>
    public string? Origin { get; init; }
}

/// <summary>At least one operand holds. An empty list holds for no row.</summary>
public sealed record OrFilter(IReadOnlyList<FilterNode> Operands) : FilterNode
{
    /// <summary>Where the client wrote this group, as <see cref="AndFilter.Origin"/>.</summary>
    public string? Origin { get; init; }
}

/// <summary>The operand does not hold. With C# null semantics (as <c>Neq</c>): a row whose field is empty satisfies
/// <c>Not(Contains(field, "x"))</c> and <c>Not(Gt(field, 1))</c>.</summary>
public sealed record NotFilter(FilterNode Operand) : FilterNode;

/// <summary>
/// One condition on one field. <paramref name="Value"/>: a single value for comparisons and text operators
/// (string, long, int, double, bool, DateOnly, or its text form); a list of values for <c>In</c>/<c>Nin</c>;
/// a bool for <c>IsNull</c> (true: is null, false: is not null). <c>Eq</c>/<c>Neq</c> with null mean is (not) null.
/// Values are coerced to the field's type by <see cref="FieldValues.Coerce"/>.
/// </summary>
public sealed record ConditionFilter(string Field, FilterOperator Operator, object? Value) : FilterNode
{
    /// <summary>Where the condition came from, for error messages (REST parameter name or GraphQL argument path);
    /// defaults to the field name.</summary>
    public string? Origin { get; init; }
}
