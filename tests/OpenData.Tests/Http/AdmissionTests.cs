using Microsoft.AspNetCore.Http;
using System.Net.Http.Json;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenData.Api.Hosting;
using OpenData.Api.Http;
using OpenData.Store;

namespace OpenData.Tests.Http;

/// <summary>
/// The admission gate of heavy work, with room for one heavy request at a time. A test holds that one slot itself
/// (as a long aggregate would) through the same service GraphQL uses, so nothing depends on how long a query takes.
/// </summary>
public sealed class AdmissionTests
{
    private const string Aggregates = "/api/v1/crime-figures/aggregates?group_by=area,period&from=2023-01&to=2023-12";

    private static TestApp App(int queueLimit, double requestTimeoutSeconds = 30) => new(new Dictionary<string, string?>
    {
        ["Admission:MaxConcurrent"] = "1",
        ["Admission:MaxConcurrentExports"] = "1",
        ["Admission:QueueLimit"] = queueLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Admission:QueueTimeoutSeconds"] = "60",
        ["Admission:RequestTimeoutSeconds"] = requestTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Admission:RetryAfterSeconds"] = "7",
        // Every request of these tests comes from one client; the per-client cap has its own test.
        ["Admission:MaxPerClient"] = "100",
    });

    [Fact]
    public async Task Beyond_the_queue_heavy_requests_are_a_503_with_retry_after_and_cheap_ones_are_answered()
    {
        using var app = App(queueLimit: 0);
        var client = app.CreateClient();
        var gate = app.Services.GetRequiredService<HeavyWorkGate>();

        using (var held = await gate.TryEnterAsync(CancellationToken.None))
        {
            Assert.NotNull(held);
            foreach (var heavy in new[] { Aggregates, "/api/v1/crime-figures/map?boundary_set=2014&from=2023-01&to=2023-12", "/api/v1/crime-figures/series?area_code=E05009388" })
            {
                using var refused = await client.GetAsync(heavy);
                await ProblemAssert.IsProblemAsync(refused, 503, "server-busy");
                Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
            }
            // Exports have slots of their own: computed work holding every slot does not stop them.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/areas?format=csv")).StatusCode);

            // The export above gives its slot back when its response completes, which the server may finish just
            // after the client has read the last byte: wait for it (briefly) rather than race it.
            IDisposable? export = null;
            for (var attempt = 0; export is null && attempt < 50; attempt++)
            {
                (export, _) = await gate.TryEnterAsync(HeavyWork.Export, client: null, CancellationToken.None);
                if (export is null) await Task.Delay(100);
            }
            using (export)
            {
                Assert.NotNull(export);
                foreach (var heavy in new[] { "/api/v1/areas?format=csv", "/api/v1/areas?format=geojson" })
                {
                    using var refused = await client.GetAsync(heavy);
                    await ProblemAssert.IsProblemAsync(refused, 503, "server-busy");
                    Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
                }
            }

            // Cheap requests (a JSON page of the same collection an export reads, an item) never wait for the gate.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/areas")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/areas/E05009388")).StatusCode);
            // A bad format is not an export: it is the route's own 400, not a 503.
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/areas?format=xml")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Aggregates)).StatusCode);
        Assert.Equal(0, gate.Running);
    }

    [Fact]
    public async Task A_waiting_request_whose_client_leaves_is_taken_out_of_the_queue()
    {
        using var app = App(queueLimit: 1);
        var client = app.CreateClient();
        var gate = app.Services.GetRequiredService<HeavyWorkGate>();
        var held = await gate.TryEnterAsync(CancellationToken.None);

        using var leaving = new CancellationTokenSource();
        var waiting = client.GetAsync(Aggregates, leaving.Token);
        await Until(() => gate.Queued == 1);
        // The queue is full: one more is turned away.
        await ProblemAssert.IsProblemAsync(await client.GetAsync(Aggregates), 503, "server-busy");

        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Until(() => gate.Queued == 0);

        held!.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Aggregates)).StatusCode);
    }

    [Fact]
    public async Task An_export_whose_client_leaves_stops_and_gives_its_slot_back()
    {
        using var app = App(queueLimit: 0);
        var client = app.CreateClient();
        var gate = app.Services.GetRequiredService<HeavyWorkGate>();

        var response = await client.GetAsync("/api/v1/crime-figures?format=csv&include_superseded=true", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync();
        Assert.True(await body.ReadAsync(new byte[1024]) > 0);
        // Still streaming (the client reads no further), and still holding the one export slot.
        Assert.Equal(1, gate.Running);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/areas?format=csv"), 503, "server-busy");
        // Computed work has slots of its own: a slowly read export does not hold it up.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Aggregates)).StatusCode);
        response.Dispose();

        // The slot comes back when the export stops, not at the end of the table: the next export is admitted.
        await Until(() => gate.Running == 0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/areas?format=csv")).StatusCode);
    }

    [Fact]
    public async Task A_heavy_request_that_runs_past_its_time_limit_is_stopped_with_a_503()
    {
        using var app = App(queueLimit: 1, requestTimeoutSeconds: 0.2);
        var client = app.CreateClient();
        var gate = app.Services.GetRequiredService<HeavyWorkGate>();
        using var held = await gate.TryEnterAsync(CancellationToken.None);

        // Held in the queue behind the slot taken above, so it cannot finish before its limit.
        using var stopped = await client.GetAsync(Aggregates);

        await ProblemAssert.IsProblemAsync(stopped, 503, "timed-out");
        Assert.NotNull(stopped.Headers.RetryAfter);
        Assert.Equal(0, gate.Queued);
    }

    [Fact(Timeout = 120_000)]
    public async Task Cancelling_heavy_work_interrupts_its_running_sqlite_statement()
    {
        using var app = new TestApp();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenDataDbContext>();
        SqliteInterrupt.Enable();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        // Never ends by itself: SQLite counts without bound until it is interrupted (a failure hangs to the timeout).
        var endless = db.Database.SqlQueryRaw<long>("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) AS \"Value\" FROM c")
            .ToListAsync(cancel.Token);

        var stopped = await Assert.ThrowsAnyAsync<Exception>(() => endless);
        Assert.True(stopped is OperationCanceledException or SqliteException { SqliteErrorCode: 9 }, stopped.ToString());
        // EF Core takes the interrupt for a cancellation (a debug line), not a failed query (an error with a stack
        // trace logged for every client that leaves); a real SQLite error is still a failure.
        var detector = db.GetService<Microsoft.EntityFrameworkCore.Storage.IExceptionDetector>();
        Assert.True(detector.IsCancellation(stopped));
        Assert.False(detector.IsCancellation(new SqliteException("SQLite Error 1: 'no such table'.", 1)));
    }

    [Fact]
    public async Task One_client_runs_one_heavy_request_at_a_time_one_more_waits_its_turn_and_a_third_is_a_429_while_other_clients_are_served()
    {
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Admission:MaxConcurrent"] = "2",
            ["Admission:QueueLimit"] = "0",
            ["Admission:QueueTimeoutSeconds"] = "60",
            ["Admission:RetryAfterSeconds"] = "7",
        });
        var client = app.CreateClient();
        var gate = app.Services.GetRequiredService<HeavyWorkGate>();

        // The test client's requests carry no address: the gate knows that client as "unknown".
        var (held, _) = await gate.TryEnterAsync("unknown", CancellationToken.None);
        Assert.NotNull(held);
        // Its next heavy request waits for its turn (a client sending one request after another never meets the cap).
        var waiting = client.GetAsync(Aggregates);
        await Until(() => gate.HoldersOf("unknown") == 2);

        using (var refused = await client.GetAsync(Aggregates))
        {
            await ProblemAssert.IsProblemAsync(refused, 429, "rate-limited");
            Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        }
        var graphQL = await client.PostAsJsonAsync("/graphql", new { query = "{ crimeSeries(areaCode: \"E05009388\", from: \"2021-01\", to: \"2021-03\") { months { value } } }" });
        Assert.Equal(HttpStatusCode.TooManyRequests, graphQL.StatusCode);
        Assert.Contains("RATE_LIMITED", await graphQL.Content.ReadAsStringAsync());

        // Another client has the other slot.
        var other = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/v1/crime-figures/aggregates";
            c.Request.QueryString = new QueryString(Aggregates[Aggregates.IndexOf('?')..]);
            c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("192.0.2.7");
        });
        Assert.Equal(200, other.Response.StatusCode);

        held!.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await waiting).StatusCode);
        await Until(() => gate.Clients == 0);
    }

    [Fact]
    public async Task Heavy_work_turned_away_costs_its_client_one_token_not_the_work_s_price()
    {
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Admission:MaxConcurrent"] = "1",
            ["Admission:QueueLimit"] = "0",
            ["RateLimit:PermitLimit"] = "100",
            ["RateLimit:WindowSeconds"] = "3600",
            ["RateLimit:HeavyRequestCost"] = "10",
        });
        var client = app.CreateClient();
        var gate = app.Services.GetRequiredService<HeavyWorkGate>();

        using (await gate.TryEnterAsync(CancellationToken.None))
        {
            using var refused = await client.GetAsync(Aggregates);
            await ProblemAssert.IsProblemAsync(refused, 503, "server-busy");
            Assert.Equal("99", string.Join(",", refused.Headers.GetValues("RateLimit-Remaining")));
        }

        using var done = await client.GetAsync(Aggregates);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("89", string.Join(",", done.Headers.GetValues("RateLimit-Remaining")));
    }

    /// <summary>Waits for the server to reach a state (bounded: a state never reached fails the test).</summary>
    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "The server did not reach the expected state.");
    }
}
