using OpenData.Import.Build;

namespace OpenData.Import.Releases;

/// <summary>
/// Compares the rows being written (in id order) with the previous database's row hashes (read in the same
/// order) as a merge, so a million-row dataset is diffed without holding either side in memory.
/// </summary>
internal sealed class DatasetDiff : IDisposable
{
    private readonly IEnumerator<(string Id, string Hash)>? _old;
    private readonly Action<string, string>? _record;
    private bool _hasOld;

    /// <param name="record">Called with (change, id) for every id, in id order per kind: the full lists go to
    /// release_changes as they are found instead of being held.</param>
    public DatasetDiff(PreviousStore? previous, string dataset, Action<string, string>? record = null)
    {
        _record = record;
        if (previous is not null)
        {
            _old = previous.RowHashes(dataset).GetEnumerator();
            _hasOld = _old.MoveNext();
        }
    }

    public DatasetChanges Changes { get; } = new();

    public void Observe(string id, UInt128 hash)
    {
        while (_hasOld && CodePointOrder.Instance.Compare(_old!.Current.Id, id) < 0)
        {
            Changes.Remove(_old.Current.Id);
            _record?.Invoke("removed", _old.Current.Id);
            _hasOld = _old.MoveNext();
        }
        if (_hasOld && _old!.Current.Id == id)
        {
            if (!UInt128.TryParse(_old.Current.Hash, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var old) || old != hash)
            {
                Changes.Change(id);
                _record?.Invoke("changed", id);
            }
            _hasOld = _old.MoveNext();
        }
        else
        {
            Changes.Add(id);
            _record?.Invoke("added", id);
        }
    }

    public DatasetChanges Finish()
    {
        while (_hasOld)
        {
            Changes.Remove(_old!.Current.Id);
            _record?.Invoke("removed", _old.Current.Id);
            _hasOld = _old.MoveNext();
        }
        return Changes;
    }

    public void Dispose() => _old?.Dispose();
}
