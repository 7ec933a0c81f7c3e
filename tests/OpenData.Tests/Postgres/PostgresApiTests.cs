using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenData.Api.Hosting;
using OpenData.Import;
using OpenData.Import.Postgres;
using OpenData.Query;
using OpenData.Tests.Http;
using OpenData.Tests.Import;

namespace OpenData.Tests.Postgres;

/// <summary>One SQLite app and one PostgreSQL app over the very same release (the seed store).</summary>
public sealed class BothStores : IDisposable
{
    public BothStores()
    {
        if (PostgresServer.SkipReason is not null) return;
        Sqlite = new TestApp();
        Postgres = PostgresSeedStore.App();
    }

    public TestApp Sqlite { get; } = null!;
    public TestApp Postgres { get; } = null!;

    public void Dispose()
    {
        Sqlite?.Dispose();
        Postgres?.Dispose();
    }
}

/// <summary>
/// The API over PostgreSQL answers as it does over SQLite: every documented request, every filter operator on
/// every field and every sort (both ways, and the next page by its cursor) give the same status, ETag and bytes.
/// Then what only several instances on one PostgreSQL have: shared ETags, following a new release, and an outage.
/// </summary>
public sealed partial class PostgresApiTests(BothStores stores) : IClassFixture<BothStores>
{
    [PostgresFact]
    public async Task Every_request_in_api_http_answers_the_same_from_both_stores()
    {
        var requests = ApiHttpFileTests.HttpFile.Parse(File.ReadAllText(RepositoryFiles.InRepository("api.http")));
        var failures = new List<string>();
        using var sqlite = stores.Sqlite.CreateClient();
        using var postgres = stores.Postgres.CreateClient();
        foreach (var documented in requests)
        {
            using var left = await sqlite.SendAsync(documented.ToHttpRequestMessage());
            using var right = await postgres.SendAsync(documented.ToHttpRequestMessage());
            var ranked = documented.Target.Contains("q=", StringComparison.Ordinal) || documented.Body.Contains("search:", StringComparison.Ordinal);
            var difference = await Difference(left, right, ranked);
            if (difference is not null) failures.Add($"line {documented.Line} {documented.Method} {documented.Target}: {difference}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [PostgresFact]
    public async Task Every_filter_operator_and_sort_of_every_dataset_answers_the_same_from_both_stores()
    {
        using var sqlite = stores.Sqlite.CreateClient();
        using var postgres = stores.Postgres.CreateClient();
        var failures = new List<string>();
        var asked = 0;
        foreach (var dataset in DatasetCatalog.All)
        {
            using var sample = JsonDocument.Parse(await sqlite.GetStringAsync($"/api/v1/{dataset.Name}?limit=200"));
            var rows = sample.RootElement.GetProperty("data").EnumerateArray().ToList();
            var targets = new List<string>();
            foreach (var field in dataset.Fields)
            {
                if (field.Sortable)
                {
                    targets.Add($"/api/v1/{dataset.Name}?sort={field.Name}&limit=7");
                    targets.Add($"/api/v1/{dataset.Name}?sort=-{field.Name}&limit=7");
                }
                var values = rows.Where(r => r.TryGetProperty(field.Name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
                    .Select(r => r.GetProperty(field.Name)).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList();
                if (values.Count == 0) continue;
                var value = values[values.Count / 2];
                var other = values[values.Count / 3];
                foreach (var op in field.Operators)
                {
                    var argument = op switch
                    {
                        FilterOperator.In or FilterOperator.Nin => $"{value},{other}",
                        // Upper case: the text operators are case-insensitive on both stores.
                        FilterOperator.Contains => value.Length > 4 ? value.Substring(value.Length / 3, 3).ToUpperInvariant() : value.ToUpperInvariant(),
                        FilterOperator.StartsWith => value[..Math.Min(2, value.Length)].ToUpperInvariant(),
                        FilterOperator.EndsWith => value[^Math.Min(2, value.Length)..].ToUpperInvariant(),
                        FilterOperator.IsNull => "false",
                        _ => value,
                    };
                    var name = op == FilterOperator.Eq ? field.Name : $"{field.Name}__{FilterTranslator.OperatorName(op)}";
                    targets.Add($"/api/v1/{dataset.Name}?{name}={Uri.EscapeDataString(argument)}&limit=7&total=true");
                }
            }
            foreach (var target in targets)
            {
                asked++;
                var (difference, next) = await CompareAsync(sqlite, postgres, target);
                // The next page, by the cursor: keyset paging over the same order.
                if (difference is null && next is not null) (difference, _) = await CompareAsync(sqlite, postgres, next);
                if (difference is not null) failures.Add($"{target}: {difference}");
            }
        }
        Assert.True(asked > 300, $"only {asked} requests were generated");
        Assert.True(failures.Count == 0, $"{failures.Count} of {asked} differ:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(40))}");
    }

    [PostgresFact]
    public async Task Search_finds_the_same_rows_on_both_stores_with_synonyms_and_stemming()
    {
        using var sqlite = stores.Sqlite.CreateClient();
        using var postgres = stores.Postgres.CreateClient();
        var failures = new List<string>();
        var searchable = DatasetCatalog.All.Where(SearchIndex.IsSearchable).ToList();
        Assert.NotEmpty(searchable);
        foreach (var dataset in searchable)
        {
            foreach (var text in new[] { "ASB", "anti-social behaviour", "antisocial", "domestic abuse", "DV", "burglaries", "young people", "drugs alcohol", "CCTV" })
            {
                var target = $"/api/v1/{dataset.Name}?q={Uri.EscapeDataString(text)}&limit=1000&fields={dataset.Key.Name}";
                var (left, right) = (await KeysAsync(sqlite, target, dataset.Key.Name), await KeysAsync(postgres, target, dataset.Key.Name));
                if (!left.SetEquals(right)) failures.Add($"{target}: {left.Count} rows on SQLite, {right.Count} on PostgreSQL; only on SQLite: {string.Join(", ", left.Except(right).Take(5))}; only on PostgreSQL: {string.Join(", ", right.Except(left).Take(5))}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        // And the synonyms hold on PostgreSQL: ASB finds what anti-social behaviour finds.
        Assert.Equal(await KeysAsync(postgres, "/api/v1/actions?q=ASB&limit=1000&fields=id", "id"),
            await KeysAsync(postgres, "/api/v1/actions?q=anti-social%20behaviour&limit=1000&fields=id", "id"));
    }

    private static async Task<HashSet<string>> KeysAsync(HttpClient client, string target, string key)
    {
        using var response = await client.GetAsync(target);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("data").EnumerateArray().Select(r => r.GetProperty(key).ToString()).ToHashSet();
    }

    private static async Task<(string? Difference, string? Next)> CompareAsync(HttpClient sqlite, HttpClient postgres, string target)
    {
        using var left = await sqlite.GetAsync(target);
        using var right = await postgres.GetAsync(target);
        var difference = await Difference(left, right, ranked: false);
        var next = left.Headers.TryGetValues("Link", out var links)
            ? links.SelectMany(l => l.Split(',')).FirstOrDefault(l => l.Contains("rel=\"next\"", StringComparison.Ordinal)) is { } link
                ? link[(link.IndexOf('<') + 1)..link.IndexOf('>')]
                : null
            : null;
        return (difference, next);
    }

    /// <summary>Null when both answers are the same: status, ETag and body (for a ranked search, the same rows:
    /// the two stores' full-text scores differ, so their order may).</summary>
    private static async Task<string?> Difference(HttpResponseMessage sqlite, HttpResponseMessage postgres, bool ranked)
    {
        if (sqlite.StatusCode != postgres.StatusCode) return $"status {(int)sqlite.StatusCode} on SQLite, {(int)postgres.StatusCode} on PostgreSQL: {Cut(await postgres.Content.ReadAsStringAsync())}";
        if ((int)postgres.StatusCode >= 500) return $"status {(int)postgres.StatusCode}";
        // A problem's traceId is the request's own.
        var left = TraceId().Replace(await sqlite.Content.ReadAsStringAsync(), "");
        var right = TraceId().Replace(await postgres.Content.ReadAsStringAsync(), "");
        if (ranked)
        {
            // The two stores' full-text scores differ, so the order and the cursors may: the same number of rows.
            var totals = (string.Join(",", Total().Matches(left).Select(m => m.Value)), string.Join(",", Total().Matches(right).Select(m => m.Value)));
            return totals.Item1 == totals.Item2 ? null : $"totals {totals.Item1} on SQLite, {totals.Item2} on PostgreSQL";
        }
        if (sqlite.Headers.ETag?.Tag != postgres.Headers.ETag?.Tag) return $"ETag {sqlite.Headers.ETag} on SQLite, {postgres.Headers.ETag} on PostgreSQL";
        if (left != right) return $"bodies differ at {FirstDifference(left, right)}: SQLite …{Around(left, FirstDifference(left, right))}… PostgreSQL …{Around(right, FirstDifference(left, right))}…";
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"traceId\":\"[0-9a-f]+\"")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    [System.Text.RegularExpressions.GeneratedRegex("\"(total|totalCount)\":[0-9]+")]
    private static partial System.Text.RegularExpressions.Regex Total();

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 60), Math.Min(text.Length - Math.Max(0, at - 60), 120));

    private static string Cut(string text) => text.Length > 300 ? text[..300] : text;

    [PostgresFact]
    public async Task Two_instances_on_one_postgres_answer_the_same_etag_and_a_304_for_each_other_s_etag()
    {
        using var second = PostgresSeedStore.App();
        using var one = stores.Postgres.CreateClient();
        using var two = second.CreateClient();
        foreach (var target in new[] { "/api/v1/areas?type=borough", "/api/v1/crime-figures/series?area_code=E05009388&from=2023-01&to=2023-06", "/api/v1/targets" })
        {
            using var a = await one.GetAsync(target);
            using var b = await two.GetAsync(target);
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal(a.Headers.ETag, b.Headers.ETag);
            using var conditional = new HttpRequestMessage(HttpMethod.Get, target);
            conditional.Headers.IfNoneMatch.Add(a.Headers.ETag!);
            using var revalidated = await two.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }
    }
}

/// <summary>Instances follow an import, and say clearly when PostgreSQL is away or holds nothing.</summary>
public sealed class PostgresInstanceTests
{
    [PostgresFact]
    public async Task Every_instance_serves_a_new_release_within_the_check_interval_and_drops_its_cached_answers()
    {
        using var seed = new SeedCopy().WithOnlyTheNewestWardDownload();
        using var database = new PostgresTestDatabase();
        var options = new ImportOptions { SeedDataDirectory = seed.SeedData, DatabasePath = "unused" };
        await PostgresImport.ImportAsync(options, database.ConnectionString);
        var settings = new Dictionary<string, string?> { ["ResponseCache:ReleaseCheckSeconds"] = "0.2" };
        using var first = PostgresSeedStore.App(database.ConnectionString, settings);
        using var second = PostgresSeedStore.App(database.ConnectionString, settings);
        var clients = new[] { first.CreateClient(), second.CreateClient() };
        const string target = "/api/v1/areas?type=place";
        foreach (var client in clients)
        {
            using var before = await client.GetAsync(target);
            Assert.Equal("1", before.Headers.GetValues("X-Data-Release").Single());
            Assert.DoesNotContain("kc-test-place", await before.Content.ReadAsStringAsync());
        }

        seed.AppendLine("areas.csv", "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,");
        Assert.Equal(ImportOutcome.Imported, (await PostgresImport.ImportAsync(options, database.ConnectionString)).Outcome);

        var tags = new List<string>();
        foreach (var client in clients)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            HttpResponseMessage after;
            while (true)
            {
                after = await client.GetAsync(target);
                if (after.Headers.GetValues("X-Data-Release").Single() == "2" || DateTime.UtcNow > deadline) break;
                after.Dispose();
                await Task.Delay(50);
            }
            using (after)
            {
                Assert.Equal("2", after.Headers.GetValues("X-Data-Release").Single());
                Assert.Contains("kc-test-place", await after.Content.ReadAsStringAsync());
                tags.Add(after.Headers.ETag!.Tag);
            }
        }
        Assert.Single(tags.Distinct());
    }

    [PostgresFact]
    public async Task A_postgres_that_cannot_be_reached_is_a_503_with_retry_after_and_not_ready()
    {
        // Nothing listens on port 1.
        var away = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer.Required) { Host = "127.0.0.1", Port = 1, Timeout = 2 }.ToString();
        using var app = PostgresSeedStore.App(away);
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("store-unavailable", await ready.Content.ReadAsStringAsync());

        foreach (var target in new[] { "/api/v1/areas", "/api/v1/crime-figures/series?area_code=E05009388" })
        {
            using var response = await client.GetAsync(target);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("store-unavailable", body);
            Assert.DoesNotContain("Npgsql", body);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }
    }

    [PostgresFact]
    public async Task An_instance_whose_postgres_goes_away_answers_503_and_serves_again_by_itself_when_it_is_back()
    {
        var server = new Npgsql.NpgsqlConnectionStringBuilder(PostgresSeedStore.ConnectionString);
        using var relay = new TcpRelay(server.Host!, server.Port);
        var through = new Npgsql.NpgsqlConnectionStringBuilder(PostgresSeedStore.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 2 }.ToString();
        using var app = PostgresSeedStore.App(through, new Dictionary<string, string?> { ["ResponseCache:ReleaseCheckSeconds"] = "0.2" });
        using var client = app.CreateClient();
        const string target = "/api/v1/targets?limit=3";
        using (var before = await client.GetAsync(target)) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        relay.Cut();
        await WaitForAsync(client, "/ready", HttpStatusCode.ServiceUnavailable);
        // A ward's monthly counts, never asked for before and not from the response cache (no-cache): read from
        // the store, whatever the instance holds in memory per release.
        const string counts = "/api/v1/crime-figures/series?area_code=E05009388&from=2022-03&to=2022-04&police_uk=burglary";
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, counts);
            request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
            using var away = await client.SendAsync(request);
            if (away.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Contains("store-unavailable", await away.Content.ReadAsStringAsync());
                Assert.NotNull(away.Headers.RetryAfter);
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{counts} still answers {(int)away.StatusCode} with PostgreSQL cut off");
            await Task.Delay(100);
        }
        while (true)
        {
            using var graphql = await client.PostAsync("/graphql", new StringContent("""{"query":"{ areas(first: 1) { nodes { code } } }"}""", System.Text.Encoding.UTF8, "application/json"));
            if (graphql.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Contains("STORE_UNAVAILABLE", await graphql.Content.ReadAsStringAsync());
                Assert.NotNull(graphql.Headers.RetryAfter);
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"GraphQL still answers {(int)graphql.StatusCode} with PostgreSQL cut off");
            await Task.Delay(100);
        }

        relay.Restore();
        await WaitForAsync(client, "/ready", HttpStatusCode.OK);
        using var after = await client.GetAsync("/api/v1/actions?limit=3");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task WaitForAsync(HttpClient client, string target, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await client.GetAsync(target);
            if (response.StatusCode == status) return;
            Assert.True(DateTime.UtcNow < deadline, $"{target} still answers {(int)response.StatusCode}, not {(int)status}");
            await Task.Delay(100);
        }
    }

    [PostgresFact]
    public async Task A_database_without_a_release_is_not_ready_and_says_to_run_the_import()
    {
        using var database = new PostgresTestDatabase();
        using var app = PostgresSeedStore.App(database.ConnectionString);
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var problem = await ready.Content.ReadAsStringAsync();
        Assert.Contains("no-data-release", problem);
        Assert.Contains("opendata-import", problem);
        using var areas = await client.GetAsync("/api/v1/areas");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, areas.StatusCode);
        Assert.True(areas.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // The import arrives: the instance serves it at its next check, without a restart.
        using var seed = new SeedCopy().WithOnlyTheNewestWardDownload();
        await PostgresImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed.SeedData, DatabasePath = "unused" }, database.ConnectionString);
        await app.Services.GetRequiredService<PostgresRelease>().CheckAsync(CancellationToken.None);
        using var after = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [PostgresFact]
    public void A_connection_string_that_does_not_parse_stops_the_start_with_a_clear_message()
    {
        using var app = PostgresSeedStore.App("Host=localhost;Nonsense Keyword=1");
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Store:PostgresConnectionString is not a valid PostgreSQL connection string", error.ToString());
    }
}
