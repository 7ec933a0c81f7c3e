using OpenData.Store;

namespace OpenData.Query;

/// <summary>One row a release added, removed or changed against the release before it.</summary>
public sealed class ReleaseChangeDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public int ReleaseId { get; init; }
    public required string Dataset { get; init; }
    public required string Change { get; init; }
    public required string RowId { get; init; }
    public string? ChangedFields { get; init; }
}

/// <summary>The release changes as a dataset of the query layer (a class of its own: the DTO has a <c>Dataset</c> field).</summary>
public static class ReleaseChanges
{
    public static readonly Dataset<ReleaseChange, ReleaseChangeDto> Dataset = new(
        "changes", "release_changes", db => db.ReleaseChanges,
        c => new ReleaseChangeDto
        {
            Id = c.ReleaseId.ToString() + "/" + c.Dataset + "/" + c.RowId,
            ReleaseId = c.ReleaseId,
            Dataset = c.Dataset,
            Change = c.Change,
            RowId = c.RowId,
            ChangedFields = c.ChangedFields,
        },
        key: "id",
        defaultSort: [new SortField("dataset", SortDirection.Ascending), new SortField("change", SortDirection.Ascending), new SortField("row_id", SortDirection.Ascending)],
        computedFields: new Dictionary<string, ComputedField>
        {
            ["id"] = new("The change's identity: release id, dataset and row id joined with \"/\" (a row changes at most one way per release).", "2/areas/kc-test-place"),
            ["release_id"] = new("The release that made the change.", "2"),
            ["dataset"] = new("The dataset (datapackage resource name, as in the release's changes), e.g. crime_figures.", "crime_figures"),
            ["change"] = new("added, removed or changed (since the release before).", "changed"),
            ["row_id"] = new("The row's key in its dataset (for crime_figures, the figure's id).", "mpsw-202411-e05009388-202212-mps-upper-case-arson-and-criminal-damage-arson"),
            ["changed_fields"] = new($"For a changed row, the fields that changed: field name to its old and new values as published (text, number, boolean or null). A text value longer than {ReleaseChange.MaxChangedValueLength} characters is cut there and its entry has \"truncated\": true (the row itself has the whole value). Null for added and removed rows, and for changes recorded before releases listed fields.", "{\"published_text\":{\"old\":\"0\",\"new\":\"5\"},\"value\":{\"old\":0,\"new\":5}}"),
        },
        jsonFields: ["changed_fields"],
        closedSets: new Dictionary<string, IReadOnlyList<string>> { ["change"] = ["added", "changed", "removed"] },
        title: "Release changes",
        description: "Every row a release added, removed or changed since the release before it: the full lists behind the release's changes (whose id lists stop at 50). The first release of a store lists none: every row was added, and its counts say so.");
}
