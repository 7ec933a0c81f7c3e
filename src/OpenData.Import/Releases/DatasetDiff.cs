using OpenData.Import.Build;

namespace OpenData.Import.Releases;

/// <summary>
/// Compares the rows being written (in id order) with the previous database's row hashes (read in the same
/// order) as a merge, so a million-row dataset is diffed without holding either side in memory.
/// </summary>
internal sealed class DatasetDiff : IDisposable
{
    private readonly IEnumerator<(string Id, string Hash)>? _old;
    private readonly Action<string, string, string?>? _record;
    private readonly ChangedFields? _fields;
    private bool _hasOld;

    /// <param name="record">Called with (change, id, fields) for every id, in id order per kind: the full lists go to
    /// release_changes as they are found instead of being held. Fields is the changed columns' JSON for a changed row
    /// when <paramref name="fields"/> can say (<see cref="ChangedFields"/>), else null.</param>
    public DatasetDiff(PreviousStore? previous, string dataset, Action<string, string, string?>? record = null, ChangedFields? fields = null)
    {
        _record = record;
        _fields = fields;
        if (previous is not null)
        {
            _old = previous.RowHashes(dataset).GetEnumerator();
            _hasOld = _old.MoveNext();
        }
    }

    public DatasetChanges Changes { get; } = new();

    /// <param name="values">The row's values (table column order) start at <paramref name="offset"/>: read only
    /// when the row changed.</param>
    public void Observe(string id, UInt128 hash, object?[]? values = null, int offset = 0)
    {
        while (_hasOld && CodePointOrder.Instance.Compare(_old!.Current.Id, id) < 0)
        {
            Changes.Remove(_old.Current.Id);
            _record?.Invoke("removed", _old.Current.Id, null);
            _hasOld = _old.MoveNext();
        }
        if (_hasOld && _old!.Current.Id == id)
        {
            if (!UInt128.TryParse(_old.Current.Hash, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var old) || old != hash)
            {
                Changes.Change(id);
                _record?.Invoke("changed", id, _record is not null && values is not null ? _fields?.Describe(values, offset) : null);
            }
            _hasOld = _old.MoveNext();
        }
        else
        {
            Changes.Add(id);
            _record?.Invoke("added", id, null);
        }
    }

    public DatasetChanges Finish()
    {
        while (_hasOld)
        {
            Changes.Remove(_old!.Current.Id);
            _record?.Invoke("removed", _old.Current.Id, null);
            _hasOld = _old.MoveNext();
        }
        return Changes;
    }

    public void Dispose()
    {
        _old?.Dispose();
        _fields?.Dispose();
    }
}
