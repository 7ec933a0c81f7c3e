namespace OpenData.Api.GraphQL.DatasetTypes;

/// <summary>How dataset names become GraphQL names and descriptions.</summary>
public static class GraphNames
{
    /// <summary><c>period_start</c> → <c>periodStart</c> (HotChocolate's camelCase field names).</summary>
    public static string Camel(string snake)
    {
        var parts = snake.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    /// <summary><c>CrimeFigure</c> → <c>crime figure</c>.</summary>
    public static string Words(string typeName) =>
        string.Concat(typeName.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary><c>priority</c> → <c>priorities</c>.</summary>
    public static string Plural(string words) => words.EndsWith('y') ? words[..^1] + "ies" : words + "s";
}
