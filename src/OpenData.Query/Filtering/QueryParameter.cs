using System.Linq.Expressions;

namespace OpenData.Query;

/// <summary>
/// Wraps a value so that EF Core sees a member access on a closure and sends the value as a SQL parameter.
/// An inlined constant would make every distinct value a new entry in EF's query cache.
/// </summary>
internal sealed class QueryParameter<T>(T value)
{
    public T Value { get; } = value;

    public static Expression Of(T value) =>
        Expression.Property(Expression.Constant(new QueryParameter<T>(value)), nameof(Value));
}

internal static class QueryParameter
{
    /// <summary>A parameter expression of exactly <paramref name="type"/> holding <paramref name="value"/>.</summary>
    public static Expression Of(Type type, object? value)
    {
        var holder = typeof(QueryParameter<>).MakeGenericType(type);
        var instance = Activator.CreateInstance(holder, value)!;
        return Expression.Property(Expression.Constant(instance), "Value");
    }
}
