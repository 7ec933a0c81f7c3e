namespace OpenData.Import.Build;

/// <summary>
/// Orders ids by Unicode code point, which is also UTF-8 byte order and so SQLite's BINARY collation: rows are
/// hashed and written in the same order in which SQLite returns them by key.
/// </summary>
internal sealed class CodePointOrder : IComparer<string>
{
    public static readonly CodePointOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        // Ids share long prefixes ("mpsw-202412-e05990001-..."): skip the common part vectorised.
        var i = x.AsSpan().CommonPrefixLength(y);
        if (i == Math.Min(x.Length, y.Length)) return x.Length - y.Length;
        var a = x[i];
        var b = y[i];
        // Surrogates (D800-DFFF) encode code points above FFFF: move them above E000-FFFF.
        if (a >= 0xD800 && b >= 0xD800) return Fix(a) - Fix(b);
        return a - b;
    }

    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c + 0x2000;
}

/// <summary>
/// A forward-only sequence of rows of one store table, in id order. <see cref="Values"/> is in the table's
/// column order and may be reused for the next row: read it before moving on.
/// </summary>
internal abstract class RowCursor
{
    public string Id { get; protected set; } = "";
    public object?[] Values { get; protected set; } = [];
    public abstract bool MoveNext();
}

internal sealed record StoredRow(string Id, object?[] Values);

internal sealed class ListCursor(IReadOnlyList<StoredRow> rows) : RowCursor
{
    private int _next;

    public override bool MoveNext()
    {
        if (_next >= rows.Count) return false;
        var row = rows[_next++];
        Id = row.Id;
        Values = row.Values;
        return true;
    }
}

/// <summary>Two sorted cursors with distinct ids, merged into one sorted cursor.</summary>
internal sealed class MergeCursor : RowCursor
{
    private readonly RowCursor _left;
    private readonly RowCursor _right;
    private bool _leftHas;
    private bool _rightHas;
    private bool _started;
    private bool _tookLeft;

    public MergeCursor(RowCursor left, RowCursor right)
    {
        _left = left;
        _right = right;
    }

    public override bool MoveNext()
    {
        if (!_started)
        {
            _leftHas = _left.MoveNext();
            _rightHas = _right.MoveNext();
            _started = true;
        }
        else if (_tookLeft) _leftHas = _left.MoveNext();
        else _rightHas = _right.MoveNext();

        if (!_leftHas && !_rightHas) return false;
        _tookLeft = _leftHas && (!_rightHas || CodePointOrder.Instance.Compare(_left.Id, _right.Id) < 0);
        var source = _tookLeft ? _left : _right;
        Id = source.Id;
        Values = source.Values;
        return true;
    }
}
