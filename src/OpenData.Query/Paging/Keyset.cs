using System.Linq.Expressions;

namespace OpenData.Query;

/// <summary>
/// Ordering and keyset ("seek") predicates for a sort. NULLs sort first ascending and last descending on every
/// provider (SQLite and PostgreSQL disagree by default, so the order is spelled out: <c>ORDER BY (f IS NOT NULL), f</c>).
/// The predicate "after row R" is <c>s1 > r1 OR (s1 = r1 AND (s2 > r2 OR (s2 = r2 AND ... key > rKey)))</c>,
/// with each comparison adjusted for direction and NULLs.
/// </summary>
internal static class Keyset
{
    public static IQueryable<TEntity> OrderBy<TEntity>(IQueryable<TEntity> rows, IDataset dataset, IReadOnlyList<SortField> sort, bool reverse)
    {
        var row = Expression.Parameter(typeof(TEntity), "row");
        var expression = rows.Expression;
        var first = true;
        foreach (var sortField in sort)
        {
            var field = dataset.FindField(sortField.Field)!;
            var value = FilterTranslator.Access(field, row);
            var descending = (sortField.Direction == SortDirection.Descending) ^ reverse;
            // Only for fields that can be empty: an always-true key in ORDER BY would stop the database from
            // reading the order off an index (SQLite then sorts the whole remainder for every page).
            if (field.Nullable)
            {
                // Ascending: (value IS NOT NULL) false first, so NULLs first. Descending: NULLs last.
                var hasValue = Expression.Lambda(Expression.NotEqual(value, Expression.Constant(null, value.Type)), row);
                expression = Call(expression, first, descending, hasValue);
                first = false;
            }
            expression = Call(expression, first, descending, Expression.Lambda(value, row));
            first = false;
        }
        return rows.Provider.CreateQuery<TEntity>(expression);

        static Expression Call(Expression source, bool first, bool descending, LambdaExpression key)
        {
            var method = (first, descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy),
                (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy),
                _ => nameof(Queryable.ThenByDescending),
            };
            return Expression.Call(typeof(Queryable), method, [typeof(TEntity), key.ReturnType], source, Expression.Quote(key));
        }
    }

    /// <summary>Rows strictly after (in <paramref name="sort"/> order, or before when <paramref name="reverse"/>)
    /// the row whose sort values are <paramref name="values"/>.</summary>
    public static Expression<Func<TEntity, bool>> After<TEntity>(IDataset dataset, IReadOnlyList<SortField> sort, IReadOnlyList<object?> values, bool reverse)
    {
        var row = Expression.Parameter(typeof(TEntity), "row");
        Expression? result = null;
        for (var i = sort.Count - 1; i >= 0; i--)
        {
            var field = dataset.FindField(sort[i].Field)!;
            var value = FilterTranslator.Access(field, row);
            var descending = (sort[i].Direction == SortDirection.Descending) ^ reverse;
            var strictly = Strictly(value, field.Nullable, descending, values[i]);
            result = result is null ? strictly : Or(strictly, And(Equal(value, field.Nullable, values[i]), result));
        }
        if (sort.Count > 1 && result is not null)
        {
            // The same condition on the first sort field alone (s1 >= r1), implied by the OR above but stated so the
            // database can start an index range there: r1 is bound as two parameters in the OR, so SQLite cannot
            // tell they are equal and scanned the index from the beginning on every page (export batches got
            // slower the further they went).
            var first = dataset.FindField(sort[0].Field)!;
            var descending = (sort[0].Direction == SortDirection.Descending) ^ reverse;
            if (LeadingBound(FilterTranslator.Access(first, row), first.Nullable, descending, values[0]) is { } bound) result = And(bound, result);
        }
        return Expression.Lambda<Func<TEntity, bool>>(result ?? Expression.Constant(true), row);
    }

    /// <summary><c>s1 &gt;= r1</c> (<c>&lt;=</c> descending) when that holds for every row after; null when no
    /// single range does (r1 NULL, or descending with NULLs after every value).</summary>
    private static Expression? LeadingBound(Expression value, bool nullable, bool descending, object? v) => (v, descending) switch
    {
        (null, _) => null,
        // Ascending, NULLs first: the rows after a value are values at least as large, never NULL.
        (_, false) => FilterTranslator.Compare(value, ExpressionType.GreaterThanOrEqual, v),
        _ => nullable ? null : FilterTranslator.Compare(value, ExpressionType.LessThanOrEqual, v),
    };

    private static Expression Strictly(Expression value, bool nullable, bool descending, object? v)
    {
        var isNull = nullable ? FilterTranslator.IsNull(value) : Expression.Constant(false);
        if (!descending)
        {
            // NULL is smallest: after NULL comes every non-NULL; after v come the larger values.
            return v is null ? Not(isNull) : FilterTranslator.Compare(value, ExpressionType.GreaterThan, v);
        }
        // Descending, NULLs last: nothing is strictly after NULL; after v come smaller values and the NULLs.
        return v is null ? Expression.Constant(false) : Or(FilterTranslator.Compare(value, ExpressionType.LessThan, v), isNull);
    }

    private static Expression Equal(Expression value, bool nullable, object? v) =>
        v is null ? (nullable ? FilterTranslator.IsNull(value) : Expression.Constant(false)) : FilterTranslator.Compare(value, ExpressionType.Equal, v);

    private static Expression Not(Expression e) => e is ConstantExpression { Value: bool b } ? Expression.Constant(!b) : Expression.Not(e);

    private static Expression Or(Expression a, Expression b) => (a, b) switch
    {
        (ConstantExpression { Value: true }, _) or (_, ConstantExpression { Value: true }) => Expression.Constant(true),
        (ConstantExpression { Value: false }, _) => b,
        (_, ConstantExpression { Value: false }) => a,
        _ => Expression.OrElse(a, b),
    };

    private static Expression And(Expression a, Expression b) => (a, b) switch
    {
        (ConstantExpression { Value: false }, _) or (_, ConstantExpression { Value: false }) => Expression.Constant(false),
        (ConstantExpression { Value: true }, _) => b,
        (_, ConstantExpression { Value: true }) => a,
        _ => Expression.AndAlso(a, b),
    };
}
