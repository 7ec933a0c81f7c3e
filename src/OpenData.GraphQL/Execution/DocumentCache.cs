using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Execution;

/// <summary>A parsed (and, when valid, validated) document with the facts the limits need.</summary>
internal sealed class PreparedDocument
{
    public DocumentNode? Document { get; init; }
    public IReadOnlyList<GraphQLError>? Errors { get; init; }
    public RequestErrorKind ErrorKind { get; init; }
    public IReadOnlyDictionary<string, FragmentDefinitionNode> Fragments { get; init; } = new Dictionary<string, FragmentDefinitionNode>();
}

/// <summary>
/// Least-recently-used cache of prepared documents keyed by document text, so that repeated queries skip
/// parsing and validation. Bounded by count and by bytes: each entry is charged an upper estimate of what it holds
/// (<see cref="EstimateBytes"/>), the least recently used entries are dropped while the total is over the limit,
/// and documents longer than the per-entry limit are not cached at all.
/// </summary>
internal sealed class DocumentCache(int capacity, long maxBytes, long maxEntryLength)
{
    /// <summary>
    /// Bytes charged per character of document text for the parsed document. Measured as memory retained after
    /// parsing and validating dense documents (a list value of 5 000 one-digit items: 39 bytes per character;
    /// arguments on every field: 35; directives on every field: 24; aliases: 21; graphql-js's introspection query:
    /// 9), so 64 is an upper bound with margin for the densest syntax, and ordinary documents hold far less.
    /// </summary>
    internal const int DocumentBytesPerChar = 64;

    /// <summary>Fixed cost of an entry: the map and list nodes, the prepared document and its fragment map.</summary>
    internal const int EntryOverheadBytes = 512;

    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new();
    private long _bytes;

    private readonly record struct Entry(string Key, PreparedDocument Value, long Bytes);

    public int Count
    {
        get
        {
            lock (_lock) return _map.Count;
        }
    }

    /// <summary>Estimated bytes held, keys included.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock) return _bytes;
        }
    }

    /// <summary>
    /// Upper estimate of an entry's memory: the key (UTF-16, twice its length), the parsed document
    /// (<see cref="DocumentBytesPerChar"/> per character) and any error messages kept instead of a document.
    /// </summary>
    internal static long EstimateBytes(string key, PreparedDocument value)
    {
        long bytes = EntryOverheadBytes + 2L * key.Length;
        if (value.Document is not null) bytes += (long)DocumentBytesPerChar * key.Length;
        if (value.Errors is not null)
        {
            foreach (var error in value.Errors) bytes += 512 + 2L * error.Message.Length;
        }
        return bytes;
    }

    public bool TryGet(string key, out PreparedDocument value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = null!;
        return false;
    }

    public void Add(string key, PreparedDocument value)
    {
        if (capacity <= 0 || key.Length > maxEntryLength) return;
        long bytes = EstimateBytes(key, value);
        if (bytes > maxBytes) return;
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var existing))
            {
                _order.Remove(existing);
                _map.Remove(key);
                _bytes -= existing.Value.Bytes;
            }
            var node = _order.AddFirst(new Entry(key, value, bytes));
            _map[key] = node;
            _bytes += bytes;
            while (_map.Count > capacity || _bytes > maxBytes)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
                _bytes -= last.Value.Bytes;
            }
        }
    }
}
