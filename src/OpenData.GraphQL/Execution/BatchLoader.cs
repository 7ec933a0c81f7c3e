namespace OpenData.GraphQL.Execution;

/// <summary>
/// Per-request registry of batch loaders. The executor dispatches all loaders with pending keys when the
/// resolvers it started can make no further progress, so that N sibling resolvers cause one fetch.
/// </summary>
public sealed class DataLoaderContext
{
    private readonly object _lock = new();
    private readonly List<IDispatchable> _pending = [];
    private SemaphoreSlim? _signal;

    internal interface IDispatchable
    {
        void Dispatch();
    }

    internal void SetSignal(SemaphoreSlim signal)
    {
        lock (_lock) _signal = signal;
    }

    internal void NotifyPending(IDispatchable loader)
    {
        SemaphoreSlim? signal;
        lock (_lock)
        {
            if (!_pending.Contains(loader)) _pending.Add(loader);
            signal = _signal;
        }
        signal?.Release();
    }

    /// <summary>Whether some loader has keys waiting for a fetch.</summary>
    public bool HasPending
    {
        get
        {
            lock (_lock) return _pending.Count > 0;
        }
    }

    /// <summary>Starts the fetch of every loader with pending keys. Called by the executor; call it yourself when using loaders outside it.</summary>
    public void DispatchAll()
    {
        IDispatchable[] loaders;
        lock (_lock)
        {
            if (_pending.Count == 0) return;
            loaders = _pending.ToArray();
            _pending.Clear();
        }
        foreach (var loader in loaders) loader.Dispatch();
    }

    /// <summary>The key under which the context is stored in <see cref="FieldContext.Items"/>.</summary>
    public static readonly object ItemsKey = new();

    /// <summary>Gets (or creates) the context stored in a request's items.</summary>
    public static DataLoaderContext From(IDictionary<object, object?> items)
    {
        lock (items)
        {
            if (items.TryGetValue(ItemsKey, out var existing) && existing is DataLoaderContext ctx) return ctx;
            var created = new DataLoaderContext();
            items[ItemsKey] = created;
            return created;
        }
    }
}

/// <summary>
/// Collects keys requested by resolvers and fetches them in one call when the executor dispatches
/// (one batch per execution level). Results are cached per key for the rest of the request.
/// Obtain one with <see cref="BatchLoaderExtensions.BatchLoader{TKey, TValue}"/>.
/// </summary>
public sealed class BatchLoader<TKey, TValue> : DataLoaderContext.IDispatchable where TKey : notnull
{
    private readonly Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> _fetch;
    private readonly DataLoaderContext _context;
    private readonly CancellationToken _cancellationToken;
    private readonly object _lock = new();
    private readonly Dictionary<TKey, Task<TValue?>> _cache;
    private Dictionary<TKey, TaskCompletionSource<TValue?>> _pending;

    /// <summary>
    /// Creates a loader. <paramref name="fetch"/> receives the distinct keys of one batch and returns the
    /// values found; keys missing from its result resolve to default (null).
    /// </summary>
    public BatchLoader(Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch,
        DataLoaderContext context, CancellationToken cancellationToken = default, IEqualityComparer<TKey>? comparer = null)
    {
        _fetch = fetch;
        _context = context;
        _cancellationToken = cancellationToken;
        _cache = new Dictionary<TKey, Task<TValue?>>(comparer);
        _pending = new Dictionary<TKey, TaskCompletionSource<TValue?>>(comparer);
    }

    /// <summary>Number of fetches done so far (useful in tests and diagnostics).</summary>
    public int BatchCount { get; private set; }

    /// <summary>Requests a value; completes after the next dispatch.</summary>
    public Task<TValue?> LoadAsync(TKey key)
    {
        bool first;
        Task<TValue?> task;
        lock (_lock)
        {
            if (_cache.TryGetValue(key, out var cached)) return cached;
            // Continuations run where the batch completes: usually inside the executor's dispatch, which then finds
            // the waiting fields resolved without a thread-pool hop per key (20 rows x 2 references were 40 hops).
            // The batch holds no lock while it completes them, so a continuation may load again at once.
            var tcs = new TaskCompletionSource<TValue?>();
            first = _pending.Count == 0;
            _pending[key] = tcs;
            _cache[key] = task = tcs.Task;
        }
        if (first) _context.NotifyPending(this);
        return task;
    }

    /// <summary>Requests several values.</summary>
    public async Task<IReadOnlyList<TValue?>> LoadManyAsync(IEnumerable<TKey> keys)
    {
        var tasks = keys.Select(LoadAsync).ToArray();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    void DataLoaderContext.IDispatchable.Dispatch()
    {
        Dictionary<TKey, TaskCompletionSource<TValue?>> batch;
        lock (_lock)
        {
            if (_pending.Count == 0) return;
            batch = _pending;
            _pending = new Dictionary<TKey, TaskCompletionSource<TValue?>>(batch.Comparer);
            BatchCount++;
        }
        _ = RunBatch(batch);
    }

    private async Task RunBatch(Dictionary<TKey, TaskCompletionSource<TValue?>> batch)
    {
        try
        {
            var result = await _fetch(batch.Keys.ToArray(), _cancellationToken).ConfigureAwait(false);
            foreach (var (key, tcs) in batch)
            {
                tcs.TrySetResult(result.TryGetValue(key, out var value) ? value : default);
            }
        }
        catch (Exception ex)
        {
            foreach (var tcs in batch.Values) tcs.TrySetException(ex);
        }
    }
}

/// <summary>Access to per-request batch loaders from resolvers.</summary>
public static class BatchLoaderExtensions
{
    /// <summary>
    /// Gets the request's loader named <paramref name="name"/>, creating it with <paramref name="fetch"/> the
    /// first time. Use the same name and fetch function for the same kind of data.
    /// </summary>
    /// <example><code>
    /// author.Field("books", new ListType(book), async ctx =&gt;
    ///     await ctx.BatchLoader&lt;int, IReadOnlyList&lt;Book&gt;&gt;("booksByAuthor", (ids, ct) =&gt; repo.BooksByAuthors(ids, ct))
    ///              .LoadAsync(((Author)ctx.Source!).Id));
    /// </code></example>
    public static BatchLoader<TKey, TValue> BatchLoader<TKey, TValue>(this FieldContext context, string name,
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch) where TKey : notnull
        => context.BatchLoader((object)name, fetch);

    /// <summary>
    /// Gets the request's loader for <paramref name="scope"/>, any object compared with <c>Equals</c> (e.g. a
    /// tuple holding <see cref="FieldContext.FieldNodes"/>, so that the parents of one selection share a loader
    /// while another selection of the same field, with other arguments, gets its own).
    /// </summary>
    public static BatchLoader<TKey, TValue> BatchLoader<TKey, TValue>(this FieldContext context, object scope,
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch) where TKey : notnull
    {
        var items = context.Items;
        var key = ("OpenData.GraphQL.BatchLoader", scope);
        lock (items)
        {
            if (items.TryGetValue(key, out var existing) && existing is BatchLoader<TKey, TValue> loader) return loader;
            var created = new BatchLoader<TKey, TValue>(fetch, DataLoaderContext.From(items), context.CancellationToken);
            items[key] = created;
            return created;
        }
    }
}
