using System.Linq.Expressions;
using System.Reflection;

namespace OpenData.Query;

/// <summary>The public type of a field: how its values are written, parsed and compared.</summary>
public enum FieldType
{
    String,
    Integer,
    Number,
    Boolean,
    /// <summary>A calendar date, written <c>YYYY-MM-DD</c>.</summary>
    Date,
    /// <summary>An instant, written ISO 8601 with offset.</summary>
    DateTime,
    /// <summary>A JSON value stored as text (release row counts and changes); written raw, never filtered.</summary>
    Json,
}

/// <summary>Filter operators. REST spells them <c>field__op</c>; GraphQL as input fields of a filter input type.</summary>
public enum FilterOperator
{
    Eq,
    Neq,
    In,
    Nin,
    Gt,
    Gte,
    Lt,
    Lte,
    Contains,
    StartsWith,
    EndsWith,
    IsNull,
}

public enum SortDirection
{
    Ascending,
    Descending,
}

/// <summary>
/// One public field of a dataset: its snake_case name (the CSV field name of datapackage.json, one vocabulary for
/// JSON, CSV, filters, sorts and GraphQL), type, documentation and what may be done with it.
/// </summary>
public sealed class FieldInfo
{
    private static readonly FilterOperator[] OrderedOperators = [FilterOperator.Eq, FilterOperator.Neq, FilterOperator.In, FilterOperator.Nin, FilterOperator.Gt, FilterOperator.Gte, FilterOperator.Lt, FilterOperator.Lte];
    private static readonly FilterOperator[] TextOperators = [FilterOperator.Eq, FilterOperator.Neq, FilterOperator.In, FilterOperator.Nin, FilterOperator.Gt, FilterOperator.Gte, FilterOperator.Lt, FilterOperator.Lte, FilterOperator.Contains, FilterOperator.StartsWith, FilterOperator.EndsWith];

    internal FieldInfo(string name, FieldType type, bool nullable, string description, bool sortable, bool filterable,
        LambdaExpression accessor, PropertyInfo dtoProperty, IReadOnlyList<string>? allowedValues = null, string? example = null)
    {
        Name = name;
        Example = example;
        AllowedValues = allowedValues;
        Type = type;
        Nullable = nullable;
        Description = description;
        Sortable = sortable;
        Accessor = accessor;
        DtoProperty = dtoProperty;
        ValueType = accessor.ReturnType;
        var operators = !filterable ? [] : type switch
        {
            FieldType.String => TextOperators.ToList(),
            FieldType.Integer or FieldType.Number or FieldType.Date => OrderedOperators.ToList(),
            FieldType.Boolean => [FilterOperator.Eq, FilterOperator.Neq],
            _ => new List<FilterOperator>(),
        };
        if (filterable && nullable && type != FieldType.Json) operators.Add(FilterOperator.IsNull);
        Operators = operators;
        var dto = Expression.Parameter(typeof(object), "dto");
        Getter = Expression.Lambda<Func<object, object?>>(
            Expression.Convert(Expression.Property(Expression.Convert(dto, dtoProperty.DeclaringType!), dtoProperty), typeof(object)), dto).Compile();
    }

    /// <summary>Public name, snake_case.</summary>
    public string Name { get; }
    public FieldType Type { get; }
    public bool Nullable { get; }
    public string Description { get; }

    /// <summary>A value that occurs in the published data, as text (datapackage.json <c>example</c>; for a computed
    /// field, its descriptor's); null when none is given. Documentation shows it; filters on it find rows.</summary>
    public string? Example { get; }

    public bool Sortable { get; }
    /// <summary>Filter operators this field accepts; empty when the field cannot be filtered on.</summary>
    public IReadOnlyList<FilterOperator> Operators { get; }
    public bool Filterable => Operators.Count > 0;

    /// <summary>
    /// The closed set of values this field can hold (datapackage.json <c>constraints.enum</c>), or null for an open
    /// field. Equality filters (eq, ne, in, nin) refuse values outside it.
    /// </summary>
    public IReadOnlyList<string>? AllowedValues { get; }

    /// <summary>Entity to value, as an expression EF translates to SQL (used by filters, sorts and keyset predicates).</summary>
    public LambdaExpression Accessor { get; }

    /// <summary>CLR type of <see cref="Accessor"/>'s result (e.g. <c>double?</c>).</summary>
    public Type ValueType { get; }

    /// <summary>The DTO property this field is projected into.</summary>
    public PropertyInfo DtoProperty { get; }

    /// <summary>Reads this field from a DTO of the dataset (boxed).</summary>
    public Func<object, object?> Getter { get; }

    public override string ToString() => Name;
}
