namespace OpenData.Query;

/// <summary>One value of a facet and the number of matching rows that hold it; a null value counts the rows
/// where the field is empty, so the counts of an untruncated facet add up to the filtered total.</summary>
public sealed record FacetValue(object? Value, long Count);

/// <summary>The value counts of one field among the rows matching a filter, most frequent first (ties in value
/// order), at most <see cref="QueryOptions.MaxFacetValues"/> of them; <paramref name="Truncated"/> says more
/// values exist.</summary>
public sealed record Facet(FieldInfo Field, IReadOnlyList<FacetValue> Values, bool Truncated);

/// <summary>Which fields may be counted by value.</summary>
public static class Facets
{
    /// <summary>
    /// The fields of <paramref name="dataset"/> that can be faceted: closed sets (datapackage.json enums),
    /// booleans, and the foreign keys of the registry (<see cref="DatasetCatalog.ReferencesFrom"/>). Their
    /// distinct values are few, or bounded by the rows of another dataset, and each names something a client can
    /// filter on or follow. Free text (an action's text, a lead's name as typed) is not: counting its distinct
    /// values is a scan that answers mostly with ones.
    /// </summary>
    public static IReadOnlyList<FieldInfo> Facetable(IDataset dataset)
    {
        var foreignKeys = DatasetCatalog.ReferencesFrom(dataset).Select(r => r.Field).ToHashSet();
        return dataset.Fields
            .Where(f => f.Filterable && f != dataset.Key && (f.AllowedValues is not null || f.Type == FieldType.Boolean || foreignKeys.Contains(f)))
            .ToList();
    }

    /// <summary>Why <paramref name="name"/> cannot be faceted on, naming the fields that can; null when it can.</summary>
    public static string? Refusal(IDataset dataset, string name)
    {
        var facetable = Facetable(dataset);
        if (facetable.Any(f => f.Name == name)) return null;
        var accepted = facetable.Count == 0
            ? $"{dataset.ResourceName} has no facetable field"
            : $"facets of {dataset.ResourceName}: {string.Join(", ", facetable.Select(f => f.Name))}";
        return dataset.FindField(name) is null
            ? $"'{name}' is not a field of {dataset.ResourceName}{(ClosestName.Of(name, facetable.Select(f => f.Name)) is { } closest ? $" (did you mean {closest}?)" : "")}; {accepted}."
            : $"{name} is not a closed-set or linked field, so its values cannot be counted; {accepted}.";
    }
}
