using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Tests.Query;

/// <summary>A small in-memory SQLite store with hand-made rows (nulls, ties, odd text), for the query layer's unit tests.</summary>
public sealed class QueryStore : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public QueryStore()
    {
        _connection.Open();
        Db = new OpenDataDbContext(new DbContextOptionsBuilder<OpenDataDbContext>().UseSqlite(_connection).Options);
        Db.Database.EnsureCreated();
        Db.Areas.AddRange(
            Area("a1", "Alpha", "ward", parent: "b1", hectares: 10, validTo: null),
            Area("a2", "alpha two", "ward", parent: "b1", hectares: null, validTo: new DateOnly(2014, 5, 21)),
            Area("a3", "Beta 100% _x_", "ward", parent: null, hectares: 10, validTo: null),
            Area("a4", "Gamma", "estate", parent: "a1", hectares: 2.5, validTo: null),
            Area("a5", "delta", "estate", parent: null, hectares: null, validTo: new DateOnly(2010, 1, 1)),
            Area("b1", "Borough", "borough", parent: null, hectares: 1200, validTo: null));
        Db.SaveChanges();
        Db.ChangeTracker.Clear();
    }

    public OpenDataDbContext Db { get; }

    /// <summary>Another context over the same rows, with an interceptor (e.g. a <see cref="SqlCapture"/>).</summary>
    public OpenDataDbContext WithInterceptor(Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor interceptor) =>
        new(new DbContextOptionsBuilder<OpenDataDbContext>().UseSqlite(_connection).AddInterceptors(interceptor).Options);

    public static QueryEngine Engine(int streamBatchSize = 2, int maxKeys = 2) =>
        new(Options.Create(new QueryOptions { DefaultPageSize = 3, MaxPageSize = 10, StreamBatchSize = streamBatchSize, MaxKeysPerBatch = maxKeys }));

    private static Area Area(string code, string name, string type, string? parent, double? hectares, DateOnly? validTo) => new()
    {
        Code = code,
        Name = name,
        Type = type,
        ParentCode = parent,
        Hectares = hectares,
        ValidTo = validTo,
        SourceId = "s",
        Locator = "l",
        Geometry = type == "ward" ? """{"type":"Point","coordinates":[0,0]}""" : null,
    };

    public void Dispose()
    {
        Db.Dispose();
        _connection.Dispose();
    }
}
