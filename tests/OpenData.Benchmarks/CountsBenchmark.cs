using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Benchmarks;

/// <summary>
/// The query layer's own cost of the London questions, in process, without HTTP: a ward's series, a borough ranking
/// and London's ward map, each asked many times in a row over a built store (one pooled context per call, configured
/// as the API configures it), with the CPU time and the bytes allocated per call. What the REST benchmark measures
/// adds HTTP, the middleware, serialisation and wrk on the same two cores. Prints numbers, asserts none.
/// </summary>
internal static class CountsBenchmark
{
    public static async Task<int> RunAsync(string database, int calls)
    {
        var options = new DbContextOptionsBuilder<OpenDataDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString(),
                sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options;
        var factory = new PooledDbContextFactory<OpenDataDbContext>(options);
        var analysis = new CrimeFigureAnalysis(Microsoft.Extensions.Options.Options.Create(new QueryOptions()));
        var releases = new ReleaseReader();
        Console.WriteLine($"store {database}; {calls:N0} calls per question after {calls / 10:N0} not counted; load average {File.ReadAllText("/proc/loadavg")[..14]}");

        var questions = new (string Name, Func<OpenDataDbContext, Task<int>> Ask)[]
        {
            ("release (the REST endpoint's read)", async db => (await releases.GetCurrentAsync(db))!.Id),
            ("ward series, a year (Heathrow Villages, burglary)", async db =>
            {
                var categories = await analysis.ResolveCategoriesAsync(db, null, "burglary");
                return (await analysis.GetSeriesAsync(db, "E05013570", new Month(2023, 1), new Month(2023, 12), categories))!.Months.Count;
            }),
            ("ward series, every month", async db =>
            {
                var categories = await analysis.ResolveCategoriesAsync(db, null, "burglary");
                return (await analysis.GetSeriesAsync(db, "E05013570", null, null, categories))!.Months.Count;
            }),
            ("borough series, a year (Kensington and Chelsea)", async db =>
            {
                var categories = await analysis.ResolveCategoriesAsync(db, null, "burglary");
                return (await analysis.GetSeriesAsync(db, "E09000020", new Month(2023, 1), new Month(2023, 12), categories))!.Months.Count;
            }),
            ("borough ranking, a year", async db => (await analysis.AggregateAsync(db, new AggregateQuery
            {
                GroupBy = [AggregateKey.Borough, AggregateKey.Period], Period = PeriodUnit.Year, From = new Month(2023, 1), To = new Month(2023, 12),
            })).Count),
            ("ward map, 2022 set, burglary, a year", async db =>
            {
                var categories = await analysis.ResolveCategoriesAsync(db, null, "burglary");
                return (await analysis.MapAsync(db, "2022", new Month(2023, 1), new Month(2023, 12), categories)).Count;
            }),
        };
        Console.WriteLine($"{"question",-52} {"µs CPU/call",12} {"µs wall/call",13} {"kB alloc/call",14} {"result",7}");
        foreach (var (name, ask) in questions)
        {
            var result = 0;
            for (var i = 0; i < Math.Max(1, calls / 10); i++) result = await AskAsync(factory, ask);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++) result = await AskAsync(factory, ask);
            wall.Stop();
            var cpuPer = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / calls;
            var allocatedPer = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / calls;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} {cpuPer,12:N0} {wall.Elapsed.TotalMicroseconds / calls,13:N0} {allocatedPer,14:N1} {result,7}"));
        }
        return 0;
    }

    private static async Task<int> AskAsync(PooledDbContextFactory<OpenDataDbContext> factory, Func<OpenDataDbContext, Task<int>> ask)
    {
        await using var db = factory.CreateDbContext();
        return await ask(db);
    }
}
