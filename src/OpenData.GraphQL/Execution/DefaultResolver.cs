using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace OpenData.GraphQL.Execution;

/// <summary>
/// Resolves a field without a resolver: a dictionary entry named like the field, a JSON object property,
/// or a public property / field of a CLR object whose name matches case-insensitively. Property getters are
/// compiled once per (CLR type, field name) and cached, so there is no reflection on the hot path.
/// </summary>
public static class DefaultResolver
{
    private static readonly ConcurrentDictionary<(Type, string), Func<object, object?>?> Getters = new();

    /// <summary>Reads <paramref name="fieldName"/> from <paramref name="source"/>; null when there is no such member.</summary>
    public static object? Resolve(object? source, string fieldName)
    {
        switch (source)
        {
            case null:
                return null;
            case IReadOnlyDictionary<string, object?> ro:
                return ro.TryGetValue(fieldName, out var v1) ? v1 : null;
            case IDictionary<string, object?> d:
                return d.TryGetValue(fieldName, out var v2) ? v2 : null;
            case IDictionary nd:
                return nd.Contains(fieldName) ? nd[fieldName] : null;
            case JsonElement { ValueKind: JsonValueKind.Object } json:
                return json.TryGetProperty(fieldName, out var p) ? JsonInput.ToClr(p) : null;
        }
        var getter = Getters.GetOrAdd((source.GetType(), fieldName), static key => CreateGetter(key.Item1, key.Item2));
        return getter?.Invoke(source);
    }

    private static Func<object, object?>? CreateGetter(Type type, string name)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase;
        MemberInfo? member;
        try
        {
            member = (MemberInfo?)type.GetProperty(name, flags) ?? type.GetField(name, flags);
        }
        catch (AmbiguousMatchException)
        {
            // Two members differ only by case: prefer the exact name.
            member = (MemberInfo?)type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) ?? type.GetField(name, BindingFlags.Public | BindingFlags.Instance);
        }
        if (member is PropertyInfo { CanRead: true } || member is FieldInfo)
        {
            var parameter = Expression.Parameter(typeof(object), "source");
            var typed = Expression.Convert(parameter, type);
            Expression access = member is PropertyInfo pi ? Expression.Property(typed, pi) : Expression.Field(typed, (FieldInfo)member);
            var body = Expression.Convert(access, typeof(object));
            return Expression.Lambda<Func<object, object?>>(body, parameter).Compile();
        }
        return null;
    }
}
