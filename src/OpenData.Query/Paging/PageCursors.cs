using System.Collections;

namespace OpenData.Query;

/// <summary>
/// The cursors of a page's rows, each encoded when first read. A cursor costs a SHA-256 and some JSON, and many
/// reads never look at them (a GraphQL connection asked for its nodes only, a CSV export): a page of 20 rows spent
/// more on cursors nobody read than on its SQL statement.
/// </summary>
internal sealed class PageCursors<TDto>(IReadOnlyList<TDto> rows, IDataset dataset, IReadOnlyList<SortField> sort) : IReadOnlyList<string>
    where TDto : class
{
    // Readers may race to encode the same cursor: both write the same string, so no lock is needed.
    private readonly string?[] _cursors = new string?[rows.Count];

    public string this[int index] => _cursors[index] ??= Cursor.Encode(dataset, sort, SortValues(rows[index]));

    public int Count => rows.Count;

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < rows.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private object?[] SortValues(TDto row)
    {
        var values = new object?[sort.Count];
        for (var i = 0; i < sort.Count; i++) values[i] = dataset.FindField(sort[i].Field)!.Getter(row);
        return values;
    }
}
