using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using OpenData.Import;
using OpenData.Tests.Import;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// The SQLite store is read through pooled connections, and a re-import renames a new file over the one being
/// served: the pool is emptied when the file changes, so the first request after the import reads the new release,
/// and requests running across the swap finish on one file or the other, never fail.
/// </summary>
public sealed class ReimportWhileServingTests : IDisposable
{
    private readonly TestApp _app = new();
    private readonly SeedCopy _seed = new();

    [Fact]
    public async Task A_reimport_while_serving_is_seen_by_the_next_request_and_no_request_fails()
    {
        var client = _app.CreateClient();
        const string query = """{ area(code: "E05009388") { name } releases { totalCount } }""";
        var before = await DataAsync(client, query);
        Assert.Equal("Abingdon", (string)before["area"]!["name"]!);
        Assert.Equal(1, (int)before["releases"]!["totalCount"]!);

        // Readers on both front doors, across the swap: every answer is the old release or the new one.
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (i % 2 == 0)
                {
                    var response = await PostAsync(client, query);
                    var name = (string?)response["data"]?["area"]?["name"];
                    if (response["errors"] is not null || name is null) failures.Enqueue(response.ToJsonString());
                    else seen.AddOrUpdate(name, 1, (_, n) => n + 1);
                }
                else
                {
                    using var response = await client.GetAsync("/api/v1/areas/E05009388");
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK) failures.Enqueue($"{(int)response.StatusCode} {body}");
                    else seen.AddOrUpdate((string)JsonNode.Parse(body)!["data"]!["name"]!, 1, (_, n) => n + 1);
                }
            }
        })).ToArray();
        await Task.Delay(200);

        _seed.ReplaceOnLine("areas.csv", LineOf("areas.csv", "E05009388,Abingdon,"), "E05009388,Abingdon,", "E05009388,Abingdon Reimported,");
        var import = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = _seed.SeedData, DatabasePath = _app.DatabasePath });
        Assert.True(import.Succeeded, string.Join(Environment.NewLine, import.Errors));
        Assert.Equal(ImportOutcome.Imported, import.Outcome);

        var after = await DataAsync(client, query);
        using var rest = await client.GetAsync("/api/v1/areas/E05009388");
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal("Abingdon Reimported", (string)after["area"]!["name"]!);
        Assert.Equal(2, (int)after["releases"]!["totalCount"]!);
        Assert.Equal("Abingdon Reimported", (string)JsonNode.Parse(await rest.Content.ReadAsStringAsync())!["data"]!["name"]!);
        Assert.True(failures.IsEmpty, $"{failures.Count} failed requests, e.g. {failures.FirstOrDefault()}");
        Assert.Equal(["Abingdon", "Abingdon Reimported"], seen.Keys.Order());
    }

    private int LineOf(string file, string start) =>
        Array.FindIndex(File.ReadAllLines(_seed.Path(file)), line => line.StartsWith(start, StringComparison.Ordinal)) + 1;

    public void Dispose()
    {
        _app.Dispose();
        _seed.Dispose();
    }
}
