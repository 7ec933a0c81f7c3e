using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OpenData.Import;
using OpenData.Tests.Import;

namespace OpenData.Tests.Rest;

/// <summary>
/// Validators follow the data a response reads, not the release counter: a release that edits one notes cell of
/// targets.csv leaves the risks CSV's ETag and Last-Modified (and the catalogue's risks last_modified) where they
/// were, so a mirror that revalidates gets a 304 instead of the file again; targets' move.
/// </summary>
public sealed class ValidatorsAcrossReleasesTests : IDisposable
{
    private const string RisksCsv = "/api/v1/risks?format=csv";
    private const string TargetsCsv = "/api/v1/targets?format=csv";
    private const string RisksJson = "/api/v1/risks?limit=5";
    private const string NoteBefore = "target figure is not printed, so";
    private const string NoteAfter = "target figure is not printed; so";

    private readonly TestApp _app = new(new Dictionary<string, string?>());
    private readonly SeedCopy _seed = new();

    [Fact]
    public async Task A_release_that_edits_one_target_note_leaves_the_risks_validators_and_catalogue_time_alone()
    {
        var client = _app.CreateClient();
        using var risks = await client.GetAsync(RisksCsv);
        using var targets = await client.GetAsync(TargetsCsv);
        using var risksJson = await client.GetAsync(RisksJson);
        var risksBody = await risksJson.Content.ReadAsStringAsync();
        var catalogue = await LastModifiedAsync(client);
        var graph = await GraphLastModifiedAsync(client);
        Assert.Equal(HttpStatusCode.OK, risks.StatusCode);
        Assert.NotNull(risks.Headers.ETag);
        Assert.NotNull(risks.Content.Headers.LastModified);

        // Later than release 1 by whole seconds, so a Last-Modified that moved would show it.
        await Task.Delay(1100);
        _seed.ReplaceOnLine("targets.csv", 2, NoteBefore, NoteAfter);
        var import = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = _seed.SeedData, DatabasePath = _app.DatabasePath });
        Assert.Equal(ImportOutcome.Imported, import.Outcome);
        Assert.Equal(2, import.ReleaseId);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, RisksCsv);
        revalidate.Headers.IfNoneMatch.Add(risks.Headers.ETag!);
        using var notModified = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("2", notModified.Headers.GetValues("X-Data-Release").Single());

        using var bySince = new HttpRequestMessage(HttpMethod.Get, RisksCsv);
        bySince.Headers.IfModifiedSince = risks.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(bySince)).StatusCode);

        using var risksAgain = await client.GetAsync(RisksCsv);
        Assert.Equal(risks.Headers.ETag, risksAgain.Headers.ETag);
        Assert.Equal(risks.Content.Headers.LastModified, risksAgain.Content.Headers.LastModified);
        Assert.Equal("2", risksAgain.Headers.GetValues("X-Data-Release").Single());

        // The JSON body keeps its bytes too (meta.release names the release the risks are from), as its strong
        // ETag promises.
        using var risksJsonAgain = await client.GetAsync(RisksJson);
        Assert.Equal(risksJson.Headers.ETag, risksJsonAgain.Headers.ETag);
        Assert.Equal(risksBody, await risksJsonAgain.Content.ReadAsStringAsync());
        Assert.Equal(1, (int)JsonNode.Parse(risksBody)!["meta"]!["release"]!["id"]!);

        using var targetsAgain = await client.GetAsync(TargetsCsv);
        Assert.NotEqual(targets.Headers.ETag, targetsAgain.Headers.ETag);
        Assert.True(targetsAgain.Content.Headers.LastModified > targets.Content.Headers.LastModified);
        Assert.Contains(NoteAfter, await targetsAgain.Content.ReadAsStringAsync());
        using var revalidateTargets = new HttpRequestMessage(HttpMethod.Get, TargetsCsv);
        revalidateTargets.Headers.IfNoneMatch.Add(targets.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(revalidateTargets)).StatusCode);

        var catalogueAgain = await LastModifiedAsync(client);
        Assert.Equal(catalogue["risks"], catalogueAgain["risks"]);
        Assert.Equal(catalogue["crime_figures"], catalogueAgain["crime_figures"]);
        Assert.NotEqual(catalogue["targets"], catalogueAgain["targets"]);
        var graphAgain = await GraphLastModifiedAsync(client);
        Assert.Equal(graph["risks"], graphAgain["risks"]);
        Assert.NotEqual(graph["targets"], graphAgain["targets"]);
        using var entry = await client.GetAsync("/api/v1/datasets/risks");
        Assert.Equal(catalogue["risks"], (string?)JsonNode.Parse(await entry.Content.ReadAsStringAsync())!["data"]!["last_modified"]);

        // The release reports what it changed: one target, nothing else.
        var release = JsonNode.Parse(await client.GetStringAsync("/api/v1/releases/2"))!["data"]!;
        var changes = release["changes"]!.AsObject();
        Assert.Equal(1, (long)changes["targets"]!["changed"]!);
        Assert.All(changes.Where(c => c.Key != "targets"), c => Assert.Equal(0, (long)c.Value!["added"]! + (long)c.Value["removed"]! + (long)c.Value["changed"]!));
        Assert.Equal(["targets"], ModifiedIn(2));
    }

    private static async Task<Dictionary<string, string?>> LastModifiedAsync(HttpClient client)
    {
        var body = JsonNode.Parse(await client.GetStringAsync("/api/v1/datasets"))!;
        return body["data"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["last_modified"]);
    }

    private static async Task<Dictionary<string, string?>> GraphLastModifiedAsync(HttpClient client)
    {
        var data = await OpenData.Tests.GraphQL.GraphQLClient.DataAsync(client, "{ datasets { name lastModified } }");
        return data["datasets"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["lastModified"]);
    }

    private List<string> ModifiedIn(int release)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _app.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dataset FROM release_datasets WHERE release_id = $id AND modified ORDER BY dataset";
        command.Parameters.AddWithValue("$id", release);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    public void Dispose()
    {
        _app.Dispose();
        _seed.Dispose();
    }
}
