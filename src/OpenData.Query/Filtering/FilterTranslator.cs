using System.Collections;
using System.Linq.Expressions;
using System.Reflection;

namespace OpenData.Query;

/// <summary>
/// Translates a <see cref="FilterNode"/> tree into a LINQ predicate over the dataset's entity. Only constructs
/// that both EF providers translate are used: comparisons, <c>string.Compare</c>, <c>Enumerable.Contains</c> over
/// a parameter list, and <c>ToLower()</c> with <c>Contains/StartsWith/EndsWith</c> for the text operators.
/// </summary>
/// <remarks>
/// Why <c>ToLower().Contains(value)</c> and not <c>EF.Functions.Like</c>: LIKE is case-insensitive (for ASCII) on
/// SQLite but case-sensitive on PostgreSQL (ILIKE is Npgsql-only), and it treats <c>%</c> and <c>_</c> in the
/// client's text as wildcards unless escaped. <c>lower(column)</c> with <c>instr</c>/<c>strpos</c> means the same
/// on both: a case-insensitive substring match of the literal text. (SQLite's lower() folds ASCII letters only.)
/// </remarks>
public static class FilterTranslator
{
    private static readonly MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo ToLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
    private static readonly MethodInfo StringContains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly MethodInfo StringStartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly MethodInfo StringEndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;

    /// <summary>The predicate for <paramref name="filter"/>, or null when there is nothing to filter on.</summary>
    public static Expression<Func<TEntity, bool>>? ToPredicate<TEntity>(IDataset dataset, FilterNode? filter)
    {
        if (filter is null) return null;
        var row = Expression.Parameter(typeof(TEntity), "row");
        var body = Translate(dataset, filter, row);
        return body is null ? null : Expression.Lambda<Func<TEntity, bool>>(body, row);
    }

    private static Expression? Translate(IDataset dataset, FilterNode node, ParameterExpression row)
    {
        switch (node)
        {
            case AndFilter and:
            {
                Expression? result = null;
                foreach (var operand in and.Operands)
                {
                    var part = Translate(dataset, operand, row);
                    if (part is not null) result = result is null ? part : Expression.AndAlso(result, part);
                }
                return result;
            }
            case OrFilter or:
            {
                if (or.Operands.Count == 0) return Expression.Constant(false);
                Expression? result = null;
                foreach (var operand in or.Operands)
                {
                    // An operand with no condition holds for every row, and so does the disjunction.
                    var part = Translate(dataset, operand, row) ?? Expression.Constant(true);
                    result = result is null ? part : Expression.OrElse(result, part);
                }
                return result;
            }
            case NotFilter not:
            {
                // Not of "no condition" (every row) is no row.
                var operand = Translate(dataset, not.Operand, row);
                return operand is null ? Expression.Constant(false) : Expression.Not(operand);
            }
            case ConditionFilter condition:
                return Condition(dataset, condition, row);
            case SearchFilter search:
                // The query engine looks searches up in the full-text index before translating the rest; one left
                // here is in a place search is not offered (under an or/not, an aggregate).
                throw new QueryException(QueryErrorKind.InvalidParameter, QuerySubject.Named(search.Origin), $"{search.Origin} cannot be used here: search narrows a whole collection.");
            default:
                throw new ArgumentException($"Unknown filter node {node.GetType().Name}.", nameof(node));
        }
    }

    private static Expression Condition(IDataset dataset, ConditionFilter condition, ParameterExpression row)
    {
        var subject = new QuerySubject(QueryInput.Filter, condition.Field, condition.Origin);
        var field = dataset.FindField(condition.Field)
            ?? throw new QueryException(QueryErrorKind.UnknownParameter, subject, $"{dataset.ResourceName} has no field '{condition.Field}'.");
        if (!field.Operators.Contains(condition.Operator))
        {
            // The operation as the query layer knows it (FilterOperator); each front door spells operators its own way.
            throw new QueryException(QueryErrorKind.InvalidParameter, subject,
                field.Filterable
                    ? $"A {FieldValues.TypeName(field.Type)} field does not support this comparison ({condition.Operator}); it supports {string.Join(", ", field.Operators)}."
                    : "This field cannot be filtered on.");
        }

        var value = Access(field, row);
        try
        {
            switch (condition.Operator)
            {
                case FilterOperator.IsNull:
                    return condition.Value switch
                    {
                        true => IsNull(value),
                        false => Expression.Not(IsNull(value)),
                        string s when s is "true" or "false" => s == "true" ? IsNull(value) : Expression.Not(IsNull(value)),
                        _ => throw new FormatException("isnull takes true or false."),
                    };
                case FilterOperator.Eq when condition.Value is null:
                    return IsNull(value);
                case FilterOperator.Neq when condition.Value is null:
                    return Expression.Not(IsNull(value));
                case FilterOperator.In or FilterOperator.Nin:
                {
                    var list = CoerceList(field, condition.Value);
                    var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [value.Type], list, value);
                    return condition.Operator == FilterOperator.In ? contains : Expression.Not(contains);
                }
                case FilterOperator.Contains or FilterOperator.StartsWith or FilterOperator.EndsWith:
                {
                    var text = FieldValues.Coerce(field, condition.Value!) as string ?? throw new FormatException("Text operators take text.");
                    var method = condition.Operator switch
                    {
                        FilterOperator.Contains => StringContains,
                        FilterOperator.StartsWith => StringStartsWith,
                        _ => StringEndsWith,
                    };
                    var lowered = Expression.Call(Expression.Call(value, ToLower), method, QueryParameter<string>.Of(text.ToLowerInvariant()));
                    return Expression.AndAlso(Expression.NotEqual(value, Expression.Constant(null, value.Type)), lowered);
                }
                default:
                {
                    var coerced = FieldValues.Coerce(field, condition.Value!);
                    if (condition.Operator is FilterOperator.Eq or FilterOperator.Neq) coerced = Allowed(field, coerced);
                    return Compare(value, ToExpressionType(condition.Operator), coerced);
                }
            }
        }
        catch (FormatException e)
        {
            throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, subject, e.Message) { Value = condition.Value });
        }
    }

    /// <summary>The field's accessor applied to <paramref name="row"/>.</summary>
    internal static Expression Access(FieldInfo field, ParameterExpression row) =>
        new ParameterReplacer(field.Accessor.Parameters[0], row).Visit(field.Accessor.Body);

    internal static Expression IsNull(Expression value) =>
        value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null
            ? Expression.Constant(false)
            : Expression.Equal(value, Expression.Constant(null, value.Type));

    /// <summary><c>value op constant</c>, with strings compared through <c>string.Compare</c> (which EF turns into
    /// a plain SQL comparison) and booleans through equality only.</summary>
    internal static Expression Compare(Expression value, ExpressionType op, object constant)
    {
        if (value.Type == typeof(string))
        {
            var compare = Expression.Call(StringCompare, value, QueryParameter<string>.Of((string)constant));
            return Expression.MakeBinary(op, compare, Expression.Constant(0));
        }
        if ((Nullable.GetUnderlyingType(value.Type) ?? value.Type) == typeof(bool) && op is not (ExpressionType.Equal or ExpressionType.NotEqual))
        {
            // false < true, as in SQL; expressed without ordering operators, which bool has none of in C#.
            var b = (bool)constant;
            var equalsTrue = Expression.Equal(value, Expression.Constant(true, value.Type));
            var equalsFalse = Expression.Equal(value, Expression.Constant(false, value.Type));
            return op switch
            {
                ExpressionType.GreaterThan => b ? Expression.Constant(false) : equalsTrue,
                ExpressionType.GreaterThanOrEqual => b ? equalsTrue : Expression.OrElse(equalsTrue, equalsFalse),
                ExpressionType.LessThan => b ? equalsFalse : Expression.Constant(false),
                _ => b ? Expression.OrElse(equalsTrue, equalsFalse) : equalsFalse,
            };
        }
        return Expression.MakeBinary(op, value, QueryParameter.Of(value.Type, constant));
    }

    private static Expression CoerceList(FieldInfo field, object? raw)
    {
        IEnumerable items = raw switch
        {
            null => throw new FormatException("in and nin take a list of values."),
            string s => s.Split(','),
            IEnumerable e => e,
            _ => new[] { raw },
        };
        var elementType = field.ValueType;
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        foreach (var item in items)
        {
            list.Add(item is null ? null : Allowed(field, FieldValues.Coerce(field, item)));
        }
        if (list.Count == 0) throw new FormatException("in and nin take at least one value.");
        return QueryParameter.Of(list.GetType(), list);
    }

    /// <summary>
    /// The value, when the field is open; the value as the closed set spells it, when it is in the set but for the
    /// case of its letters (<c>RED</c> for <c>red</c>: no closed set has two values that differ only in case, so
    /// the client cannot have meant another). Outside the set it is a mistake (a typo, a year where a boundary set
    /// is meant), refused rather than answered with no rows. Only equality operators check: ranges and text
    /// matching on a closed set (<c>type__startswith=police</c>) stay legitimate.
    /// </summary>
    private static object Allowed(FieldInfo field, object value)
    {
        if (field.AllowedValues is not { } allowed || value is not string text || allowed.Contains(text, StringComparer.Ordinal)) return value;
        return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new FormatException($"'{text}' is not one of {string.Join(", ", allowed)}.");
    }

    private static ExpressionType ToExpressionType(FilterOperator op) => op switch
    {
        FilterOperator.Eq => ExpressionType.Equal,
        FilterOperator.Neq => ExpressionType.NotEqual,
        FilterOperator.Gt => ExpressionType.GreaterThan,
        FilterOperator.Gte => ExpressionType.GreaterThanOrEqual,
        FilterOperator.Lt => ExpressionType.LessThan,
        FilterOperator.Lte => ExpressionType.LessThanOrEqual,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>The REST spelling of an operator (<c>field__op</c>).</summary>
    public static string OperatorName(FilterOperator op) => op switch
    {
        FilterOperator.Eq => "eq",
        FilterOperator.Neq => "ne",
        FilterOperator.In => "in",
        FilterOperator.Nin => "nin",
        FilterOperator.Gt => "gt",
        FilterOperator.Gte => "gte",
        FilterOperator.Lt => "lt",
        FilterOperator.Lte => "lte",
        FilterOperator.Contains => "contains",
        FilterOperator.StartsWith => "startswith",
        FilterOperator.EndsWith => "endswith",
        _ => "isnull",
    };

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
