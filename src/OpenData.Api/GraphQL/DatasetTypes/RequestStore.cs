using Microsoft.EntityFrameworkCore;
using OpenData.GraphQL.Execution;
using OpenData.Store;

namespace OpenData.Api.GraphQL.DatasetTypes;

/// <summary>
/// The store as one GraphQL request sees it: the request's own DbContext (the scoped one, disposed with the request)
/// with its connection opened once and kept open, used by one query at a time.
/// </summary>
/// <remarks>
/// Why not a context per query: resolvers run concurrently, but batching already makes a request a handful of
/// queries (one per relation and level), and leasing a context and a connection costs about as much as a small
/// query. One context and connection, queries in turn, is cheaper and bounded.
/// Never hold the store while awaiting a batch loader: the loader's fetch needs the store too.
/// </remarks>
public sealed class RequestStore
{
    private static readonly object ItemsKey = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IServiceProvider _services;
    private OpenDataDbContext? _db;

    private RequestStore(IServiceProvider services) => _services = services;

    /// <summary>Runs <paramref name="work"/> with the request's context, after any query already running.</summary>
    public static async Task<T> UseAsync<T>(FieldContext context, Func<OpenDataDbContext, CancellationToken, Task<T>> work)
    {
        var store = For(context);
        var cancellationToken = context.CancellationToken;
        await store._gate.WaitAsync(cancellationToken);
        try
        {
            if (store._db is null)
            {
                // RequestServices is the request's scope: the context is disposed (and its connection closed) with it.
                var db = store._services.GetRequiredService<OpenDataDbContext>();
                await db.Database.OpenConnectionAsync(cancellationToken);
                store._db = db;
            }
            return await work(store._db, cancellationToken);
        }
        finally
        {
            store._gate.Release();
        }
    }

    private static RequestStore For(FieldContext context)
    {
        var items = context.Items;
        lock (items)
        {
            if (items.TryGetValue(ItemsKey, out var existing) && existing is RequestStore store) return store;
            var created = new RequestStore(context.RequestServices);
            items[ItemsKey] = created;
            return created;
        }
    }
}
