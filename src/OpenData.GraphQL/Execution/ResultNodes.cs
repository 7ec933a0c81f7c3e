using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace OpenData.GraphQL.Execution;

/// <summary>
/// A node of the result tree that can hold children (object or list). Keeps a link to its parent slot so
/// that a null in a non-null position can be propagated to the nearest nullable parent.
/// </summary>
public abstract class ResultContainer
{
    internal ResultContainer? Parent;
    internal int ParentIndex;
    internal bool NonNullInParent;
    internal bool Invalidated;

    internal abstract void SetSlot(int index, object? value);

    /// <summary>True when this container or one of its ancestors was replaced by null.</summary>
    internal bool IsDead
    {
        get
        {
            for (var c = this; c is not null; c = c.Parent) if (c.Invalidated) return true;
            return false;
        }
    }
}

/// <summary>An object in the result: response keys in selection order with their values.</summary>
public sealed class ResultMap : ResultContainer, IReadOnlyDictionary<string, object?>
{
    private readonly string[] _keys;
    private readonly object?[] _values;

    internal ResultMap(string[] keys)
    {
        _keys = keys;
        _values = new object?[keys.Length];
    }

    internal override void SetSlot(int index, object? value) => _values[index] = value;

    /// <summary>Number of entries.</summary>
    public int Count => _keys.Length;

    /// <summary>The key at a position.</summary>
    public string KeyAt(int index) => _keys[index];

    /// <summary>The value at a position.</summary>
    public object? ValueAt(int index) => _values[index];

    /// <inheritdoc />
    public object? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    /// <inheritdoc />
    public IEnumerable<string> Keys => _keys;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values;

    /// <inheritdoc />
    public bool ContainsKey(string key) => Array.IndexOf(_keys, key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        int i = Array.IndexOf(_keys, key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < _keys.Length; i++) yield return new KeyValuePair<string, object?>(_keys[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A list in the result.</summary>
public sealed class ResultList : ResultContainer, IReadOnlyList<object?>
{
    private readonly object?[] _items;

    internal ResultList(int count) => _items = count == 0 ? [] : new object?[count];

    internal override void SetSlot(int index, object? value) => _items[index] = value;

    /// <inheritdoc />
    public object? this[int index] => _items[index];

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
