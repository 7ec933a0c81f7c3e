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
/// parsing and validation.
/// </summary>
internal sealed class DocumentCache(int capacity)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, PreparedDocument Value)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, PreparedDocument Value)> _order = new();

    public int Count
    {
        get
        {
            lock (_lock) return _map.Count;
        }
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
        if (capacity <= 0) return;
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var existing))
            {
                _order.Remove(existing);
                _map.Remove(key);
            }
            var node = _order.AddFirst((key, value));
            _map[key] = node;
            while (_map.Count > capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
            }
        }
    }
}
