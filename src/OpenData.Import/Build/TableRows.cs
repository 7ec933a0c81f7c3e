namespace OpenData.Import.Build;

/// <summary>One data table's rows as the import will write them.</summary>
internal sealed class TableRows
{
    public required StoreTable Table { get; init; }
    public required long Count { get; init; }
    public required Func<RowCursor> Open { get; init; }

    public string Name => Table.Name;
}
