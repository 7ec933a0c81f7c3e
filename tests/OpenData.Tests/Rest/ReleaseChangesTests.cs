using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenData.Import;
using OpenData.Tests.Http;
using OpenData.Tests.Import;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.Rest;

/// <summary>
/// /api/v1/releases/{id}/changes and Release.changedRows: every row a release added, removed or changed, in full,
/// after re-imports of a copy of the seed data into the app's own store.
/// </summary>
public sealed class ReleaseChangesTests : IDisposable
{
    /// <summary>The download whose count changes (the one ending 2024-11): a monthly count is not a row of the changes,
    /// its download is.</summary>
    private const string ChangedFigure = "2024110";
    private const string ChangedFile = "mps-ward-crime/mps_ward_crime_london_202212_202411.csv";
    private const string ChangedTarget = "mpa-lps-kc-2010-t001";
    private readonly TestApp _app = new();
    private readonly SeedCopy _seed = new();

    [Fact]
    public async Task A_release_lists_exactly_the_rows_it_changed_as_JSON_CSV_and_GraphQL_and_the_first_lists_none()
    {
        var client = _app.CreateClient();
        await SecondReleaseAsync();

        var page = await JsonAsync(client, "/api/v1/releases/2/changes?total=true");
        Assert.Equal(
            [("areas", "added", "kc-test-place"), ("downloads", "changed", ChangedFigure)],
            Rows(page));
        Assert.Equal(2, (int)page["meta"]!["total"]!);
        var area = page["data"]![0]!;
        Assert.Equal("/api/v1/releases/2", (string)area["links"]!["release"]!);
        Assert.Equal("/api/v1/areas/kc-test-place", (string)area["links"]!["row"]!);
        // downloads is not a dataset with item routes (GET /api/v1/crime-figures/downloads lists them): no row link.
        Assert.False(page["data"]![1]!["links"]!.AsObject().ContainsKey("row"));
        // The row links lead somewhere.
        using (var row = await client.GetAsync((string)area["links"]!["row"]!)) Assert.Equal(HttpStatusCode.OK, row.StatusCode);

        var release = await JsonAsync(client, "/api/v1/releases/2");
        Assert.Equal("/api/v1/releases/2/changes", (string)release["data"]!["links"]!["changes"]!);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/releases/2/changes");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csv = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var table = Csv.Parse(await csv.Content.ReadAsStringAsync());
        Assert.Equal(["id", "release_id", "dataset", "change", "row_id", "changed_fields"], table[0]);
        Assert.Equal([["2/areas/kc-test-place", "2", "areas", "added", "kc-test-place", ""], [$"2/downloads/{ChangedFigure}", "2", "downloads", "changed", ChangedFigure, ChangedFigureFields()]],
            table.Skip(1).Select(r => r.ToList()).ToList());

        Assert.Equal([("downloads", "changed", ChangedFigure)], Rows(await JsonAsync(client, "/api/v1/releases/2/changes?dataset=downloads")));
        Assert.Equal([("areas", "added", "kc-test-place")], Rows(await JsonAsync(client, "/api/v1/releases/2/changes?change=added")));
        Assert.Empty(Rows(await JsonAsync(client, "/api/v1/releases/2/changes?change=removed")));
        // change is a closed set: a misspelt kind is an error, not an empty list.
        var misspelt = await JsonAsync(client, "/api/v1/releases/2/changes?change=add", HttpStatusCode.BadRequest);
        Assert.Contains("added", (string)misspelt["detail"]!);
        // The key filter (documented as id__eq beside the path's id).
        Assert.Equal([("areas", "added", "kc-test-place")], Rows(await JsonAsync(client, "/api/v1/releases/2/changes?id__eq=2/areas/kc-test-place")));
        Assert.Equal([("downloads", "changed", ChangedFigure), ("areas", "added", "kc-test-place")],
            Rows(await JsonAsync(client, "/api/v1/releases/2/changes?sort=-dataset")));
        var first = await JsonAsync(client, "/api/v1/releases/2/changes?limit=1");
        Assert.Equal([("areas", "added", "kc-test-place")], Rows(first));
        Assert.Equal([("downloads", "changed", ChangedFigure)], Rows(await JsonAsync(client, (string)first["links"]!["next"]!)));

        Assert.Empty(Rows(await JsonAsync(client, "/api/v1/releases/1/changes")));

        var data = await DataAsync(client, """
            { release(key: 2) { changedRows { totalCount nodes { key releaseId dataset change rowId } } }
              first: release(key: 1) { changedRows { totalCount } }
              figures: release(key: 2) { changedRows(dataset: "downloads", change: "changed") { nodes { rowId } } } }
            """);
        var nodes = data["release"]!["changedRows"]!["nodes"]!.AsArray();
        Assert.Equal(
            [("areas", "added", "kc-test-place"), ("downloads", "changed", ChangedFigure)],
            nodes.Select(n => ((string)n!["dataset"]!, (string)n["change"]!, (string)n["rowId"]!)).ToList());
        Assert.All(nodes, n => Assert.Equal(2, (int)n!["releaseId"]!));
        Assert.Equal(0, (int)data["first"]!["changedRows"]!["totalCount"]!);
        Assert.Equal([ChangedFigure], data["figures"]!["changedRows"]!["nodes"]!.AsArray().Select(n => (string)n!["rowId"]!));
    }

    [Fact]
    public async Task An_older_release_keeps_its_rows_through_later_imports_and_an_unchanged_rebuild_adds_none()
    {
        var client = _app.CreateClient();
        await SecondReleaseAsync();

        var rebuilt = await ImportAsync(force: true);
        Assert.Equal(ImportOutcome.Rebuilt, rebuilt.Outcome);
        Assert.Equal(2, (int)(await JsonAsync(client, "/api/v1/releases?total=true"))["meta"]!["total"]!);
        // No release 3, so no changes of it.
        await JsonAsync(client, "/api/v1/releases/3/changes", HttpStatusCode.NotFound);

        // Third release: the test area goes again.
        var areas = File.ReadAllLines(_seed.Path("areas.csv"));
        File.WriteAllLines(_seed.Path("areas.csv"), areas.Where(l => !l.StartsWith("kc-test-place,", StringComparison.Ordinal)));
        var third = await ImportAsync();
        Assert.Equal(3, third.ReleaseId);

        Assert.Equal([("areas", "removed", "kc-test-place")], Rows(await JsonAsync(client, "/api/v1/releases/3/changes")));
        var removed = (await JsonAsync(client, "/api/v1/releases/3/changes"))["data"]![0]!["links"]!.AsObject();
        Assert.False(removed.ContainsKey("row"));
        Assert.Equal(
            [("areas", "added", "kc-test-place"), ("downloads", "changed", ChangedFigure)],
            Rows(await JsonAsync(client, "/api/v1/releases/2/changes")));
    }

    [Fact]
    public async Task A_changed_row_lists_the_fields_that_changed_with_their_published_old_and_new_values()
    {
        var client = _app.CreateClient();
        _seed.ReplaceOnLine("targets.csv", 2, "target figure is not printed, so", "target figure is not printed; so");
        await SecondReleaseAsync();

        var page = await JsonAsync(client, "/api/v1/releases/2/changes");
        Assert.Equal(
            [("areas", "added", "kc-test-place"), ("downloads", "changed", ChangedFigure), ("targets", "changed", ChangedTarget)],
            Rows(page));
        var rows = page["data"]!.AsArray();
        // An added row has nothing to compare with.
        Assert.Null(rows[0]!["changed_fields"]);
        Assert.True(rows[0]!.AsObject().ContainsKey("changed_fields"));
        // The MPS download: its file's SHA-256 and the total of its counts (0 became 5).
        JsonAssert.Equal(ChangedFigureFields(), rows[1]!["changed_fields"]!);
        // One cell of a long note: exactly that field, with both whole values.
        var notes = File.ReadAllLines(_seed.Path("targets.csv"))[1];
        var target = rows[2]!["changed_fields"]!.AsObject();
        Assert.Equal(["notes"], target.Select(p => p.Key));
        var oldNotes = (string)target["notes"]!["old"]!;
        var newNotes = (string)target["notes"]!["new"]!;
        Assert.StartsWith("The borough's 2009/10 target figure is not printed, so ", oldNotes);
        Assert.Equal(oldNotes.Replace("not printed, so", "not printed; so"), newNotes);
        Assert.Contains(newNotes.Replace("\"", "\"\""), notes);
        Assert.False(target["notes"]!.AsObject().ContainsKey("truncated"));
        // The row as it is now has the new note.
        Assert.Equal(newNotes, (string)(await JsonAsync(client, $"/api/v1/targets/{ChangedTarget}"))["data"]!["notes"]!);

        var data = await DataAsync(client, """
            { release(key: 2) { changedRows { nodes { dataset change rowId changedFields } } } }
            """);
        var nodes = data["release"]!["changedRows"]!["nodes"]!.AsArray();
        Assert.Null(nodes[0]!["changedFields"]);
        JsonAssert.Equal(ChangedFigureFields(), nodes[1]!["changedFields"]!);
        Assert.Equal(newNotes, (string)nodes[2]!["changedFields"]!["notes"]!["new"]!);
    }

    [Fact]
    public async Task A_long_text_value_is_cut_in_the_change_and_says_so()
    {
        var client = _app.CreateClient();
        var note = new string('x', OpenData.Store.ReleaseChange.MaxChangedValueLength + 100);
        _seed.ReplaceOnLine("targets.csv", 2, "target figure is not printed, so", note);
        await ImportAsync();

        var change = (await JsonAsync(client, "/api/v1/releases/2/changes?dataset=targets"))["data"]![0]!["changed_fields"]!["notes"]!;
        Assert.True((bool)change["truncated"]!);
        var cut = (string)change["new"]!;
        Assert.Equal(OpenData.Store.ReleaseChange.MaxChangedValueLength, cut.Length);
        Assert.Contains("x".PadLeft(50, 'x'), cut);
        // The row keeps the whole value.
        Assert.Contains(note, (string)(await JsonAsync(client, $"/api/v1/targets/{ChangedTarget}"))["data"]!["notes"]!);
    }

    [Theory]
    [InlineData("/api/v1/releases/99/changes")]
    [InlineData("/api/v1/releases/abc/changes")]
    public async Task An_unknown_release_has_no_changes_list(string path)
    {
        using var response = await _app.CreateClient().GetAsync(path);
        await ProblemAssert.IsProblemAsync(response, 404, "not-found", title: "Not found");
    }

    /// <summary>Release 2: one MPS cell changed in the download ending 2024-11 (Abingdon, arson, December 2022: 0 becomes 5) and one area added.</summary>
    private async Task SecondReleaseAsync()
    {
        _seed.ReplaceOnLine(ChangedFile, 10267, "ARSON,Abingdon,E05009388,Kensington and Chelsea,0,", "ARSON,Abingdon,E05009388,Kensington and Chelsea,5,");
        _seed.AppendLine("areas.csv", "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,");
        var second = await ImportAsync();
        Assert.Equal(ImportOutcome.Imported, second.Outcome);
        Assert.Equal(2, second.ReleaseId);
    }

    /// <summary>The changed download's fields as CSV writes them (the JSON text), from the repository's file and the
    /// changed copy: its totals per month and in all, and its SHA-256 (of the bytes with CRLF read as LF).</summary>
    private string ChangedFigureFields()
    {
        var before = File.ReadAllBytes(Path.Combine(RepositoryFiles.SeedData, ChangedFile));
        var after = File.ReadAllBytes(_seed.Path(ChangedFile));
        var rows = Csv.Parse(LondonCrimeTests.CrLf(File.ReadAllText(Path.Combine(RepositoryFiles.SeedData, ChangedFile))));
        var monthly = Enumerable.Range(5, rows[0].Length - 5).Select(c => rows.Skip(1).Where(r => r.Length == rows[0].Length).Sum(r => long.Parse(r[c], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var changed = monthly.ToArray();
        changed[0] += 5;
        static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.Latin1.GetBytes(System.Text.Encoding.Latin1.GetString(bytes).Replace("\r\n", "\n"))));
        static string Json(long[] totals) => "\"[" + string.Join(",", totals) + "]\"";
        return "{\"monthly_totals\":{\"old\":" + Json(monthly) + ",\"new\":" + Json(changed) + "},"
            + "\"sha256\":{\"old\":\"" + Sha(before) + "\",\"new\":\"" + Sha(after) + "\"},\"total\":{\"old\":" + monthly.Sum() + ",\"new\":" + (monthly.Sum() + 5) + "}}";
    }

    private async Task<ImportResult> ImportAsync(bool force = false)
    {
        var result = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = _seed.SeedData, DatabasePath = _app.DatabasePath, Force = force });
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result;
    }

    private static async Task<JsonNode> JsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static List<(string Dataset, string Change, string RowId)> Rows(JsonNode page) =>
        page["data"]?.AsArray().Select(r => ((string)r!["dataset"]!, (string)r["change"]!, (string)r["row_id"]!)).ToList() ?? [];

    public void Dispose()
    {
        _app.Dispose();
        _seed.Dispose();
    }
}
