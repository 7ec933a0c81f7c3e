using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenData.Import;
using OpenData.Tests.Import;
using Xunit.Abstractions;

namespace OpenData.Tests.Rest;

/// <summary>
/// /api/v1/catalog, the DCAT-AP catalogue in JSON-LD, read as a harvester would: expanded by jsonld.js (pinned in
/// tests/dcat-check, installed by this project's build) with the DCAT-AP mandatory properties checked on the
/// expanded graph, and followed: its download URLs and source links answer.
/// </summary>
public sealed class DcatCatalogTests(TestApp app, ITestOutputHelper output) : IClassFixture<TestApp>
{
    private const string Catalog = "/api/v1/catalog";
    private const string Ogl = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

    [Fact]
    public async Task Jsonld_js_expands_the_catalogue_and_finds_the_dcat_ap_mandatory_properties()
    {
        using var response = await app.CreateClient().GetAsync(Catalog);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var (exitCode, text) = await CheckAsync(await response.Content.ReadAsStringAsync());
        Assert.True(exitCode == 0, $"node check.mjs exited with {exitCode}:\n{text}");
        // Every dataset of the registry was checked, each with its CSV and JSON distributions, areas with GeoJSON too.
        var datasets = OpenData.Query.DatasetCatalog.All.Count;
        Assert.Contains($"1 catalogue, {datasets} datasets, {2 * datasets + 1} distributions, 0 problems", text);
    }

    [Fact]
    public async Task The_check_catches_a_dataset_without_a_title_and_a_context_loaded_from_the_network()
    {
        var catalog = JsonNode.Parse(await app.CreateClient().GetStringAsync(Catalog))!;
        catalog["dcat:dataset"]![0]!.AsObject().Remove("dct:title");
        var (exitCode, text) = await CheckAsync(catalog.ToJsonString());
        Assert.Equal(1, exitCode);
        Assert.Contains("no http://purl.org/dc/terms/title text", text);

        catalog["@context"] = "https://www.w3.org/ns/dcat.jsonld";
        (exitCode, text) = await CheckAsync(catalog.ToJsonString());
        Assert.NotEqual(0, exitCode);
        Assert.Contains("no network", text);
    }

    /// <summary>Runs tests/dcat-check/check.mjs on a catalogue document.</summary>
    private async Task<(int ExitCode, string Output)> CheckAsync(string document)
    {
        var folder = RepositoryFiles.InRepository("tests", "dcat-check");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "jsonld")),
            $"{folder}/node_modules is missing: build tests/OpenData.Tests (its MSBuild target runs npm ci) or run `npm ci --prefix tests/dcat-check`.");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, document);
            var start = new ProcessStartInfo("node", ["check.mjs", file])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var text = (await stdout) + (await stderr);
            output.WriteLine(text);
            return (process.ExitCode, text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Each_dataset_has_its_licence_uri_coverage_sources_and_distributions_and_the_links_answer()
    {
        var client = app.CreateClient();
        var catalog = JsonNode.Parse(await client.GetStringAsync(Catalog))!;
        var datasets = catalog["dcat:dataset"]!.AsArray();
        Assert.Equal(OpenData.Query.DatasetCatalog.All.Select(d => d.ResourceName), datasets.Select(d => (string)d!["dct:identifier"]!));
        Assert.Equal(Ogl, (string?)catalog["dct:license"]);
        var origin = client.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var crime = datasets.Single(d => (string)d!["dct:identifier"]! == "crime_figures")!;
        Assert.Equal(Ogl, (string?)crime["dct:license"]);
        Assert.Equal(origin + "/api/v1/datasets/crime-figures", (string?)crime["@id"]);
        Assert.Contains("http://statistics.data.gov.uk/id/statistical-geography/E09000020", crime["dct:spatial"]!.AsArray().Select(s => (string)s!));
        // The span of the figures' own periods: no earlier than any figure starts, no later than any ends.
        var table = Csv.Parse(await client.GetStringAsync("/api/v1/crime-figures?format=csv&include_superseded=true"));
        var figures = table.Skip(1).Select(row => table[0].Zip(row).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(figures.Select(r => r["period_start"]).Min(StringComparer.Ordinal), (string?)crime["dct:temporal"]!["dcat:startDate"]);
        Assert.Equal(figures.Select(r => r["period_end"]).Max(StringComparer.Ordinal), (string?)crime["dct:temporal"]!["dcat:endDate"]);
        Assert.Equal(figures.Select(r => r["source_id"]).Distinct().Order(StringComparer.Ordinal).Select(id => origin + "/api/v1/sources/" + id),
            crime["dct:source"]!.AsArray().Select(s => (string)s!).Order(StringComparer.Ordinal));

        foreach (var dataset in datasets)
        {
            var formats = dataset!["dcat:distribution"]!.AsArray().Select(d => (string)d!["dcat:mediaType"]!).ToList();
            var expected = new List<string> { "http://www.iana.org/assignments/media-types/text/csv", "http://www.iana.org/assignments/media-types/application/json" };
            if ((string)dataset["dct:identifier"]! == "areas") expected.Add("http://www.iana.org/assignments/media-types/application/geo+json");
            Assert.Equal(expected, formats);
            foreach (var distribution in dataset["dcat:distribution"]!.AsArray())
            {
                var download = (string)distribution!["dcat:downloadURL"]!;
                Assert.StartsWith(origin + "/api/v1/", download);
                using var got = await client.GetAsync(download);
                Assert.Equal(HttpStatusCode.OK, got.StatusCode);
                Assert.Equal(((string)distribution["dcat:mediaType"]!)["http://www.iana.org/assignments/media-types/".Length..], got.Content.Headers.ContentType?.MediaType);
            }
            foreach (var source in dataset["dct:source"]?.AsArray() ?? [])
            {
                using var got = await client.GetAsync((string)source!);
                Assert.Equal(HttpStatusCode.OK, got.StatusCode);
            }
        }
    }

    [Fact]
    public async Task The_api_index_links_to_the_catalogue()
    {
        var client = app.CreateClient();
        var href = (string?)JsonNode.Parse(await client.GetStringAsync("/api/v1"))!["links"]!["dcat_catalog"];
        Assert.Equal(Catalog, href);
        using var response = await client.GetAsync(href);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_iris_follow_the_host_the_request_came_through_or_the_configured_base_and_the_keywords_and_contact_are_configurable()
    {
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Catalog);
        request.Headers.Host = "data.example.org:8443";
        var catalog = JsonNode.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal("http://data.example.org:8443/api/v1/catalog", (string?)catalog["@id"]);
        Assert.StartsWith("http://data.example.org:8443/api/v1/", (string)catalog["dcat:dataset"]![0]!["dcat:distribution"]![0]!["dcat:downloadURL"]!);

        using var configured = new TestApp(new Dictionary<string, string?>
        {
            ["Catalog:BaseUrl"] = "https://opendata.example/community-safety/",
            ["Catalog:Keywords:0"] = "FOI",
            ["Catalog:ContactEmail"] = "foi@rbkc.example",
        });
        var fixedBase = JsonNode.Parse(await configured.CreateClient().GetStringAsync(Catalog))!;
        Assert.Equal("https://opendata.example/community-safety/api/v1/catalog", (string?)fixedBase["@id"]);
        // Configured keywords replace the defaults; the contact is the configured one.
        var risks = fixedBase["dcat:dataset"]!.AsArray().Single(d => (string)d!["dct:identifier"]! == "risks")!;
        Assert.Equal(["FOI", (string)risks["dct:title"]!], risks["dcat:keyword"]!.AsArray().Select(k => (string)k!));
        Assert.Equal("mailto:foi@rbkc.example", (string?)risks["dcat:contactPoint"]!["vcard:hasEmail"]);
    }

    [Fact]
    public async Task Json_clients_are_served_the_json_ld_other_formats_and_parameters_are_refused_and_revalidation_is_a_304()
    {
        var client = app.CreateClient();
        using var json = new HttpRequestMessage(HttpMethod.Get, Catalog);
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var asJson = await client.SendAsync(json);
        Assert.Equal(HttpStatusCode.OK, asJson.StatusCode);
        Assert.Equal("application/ld+json", asJson.Content.Headers.ContentType?.MediaType);

        using var csv = new HttpRequestMessage(HttpMethod.Get, Catalog);
        csv.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var refused = await client.SendAsync(csv);
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
        Assert.Contains("application/ld+json", await refused.Content.ReadAsStringAsync());

        using var parameter = await client.GetAsync(Catalog + "?format=ttl");
        Assert.Equal(HttpStatusCode.BadRequest, parameter.StatusCode);
        Assert.Equal("application/problem+json", parameter.Content.Headers.ContentType?.MediaType);
        Assert.Contains("format", await parameter.Content.ReadAsStringAsync());

        using var first = await client.GetAsync(Catalog);
        Assert.NotNull(first.Headers.ETag);
        using var again = new HttpRequestMessage(HttpMethod.Get, Catalog);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task A_release_that_edits_one_target_moves_the_targets_modified_and_leaves_the_risks_alone()
    {
        using var store = new TestApp(new Dictionary<string, string?>());
        using var seed = new SeedCopy();
        var client = store.CreateClient();
        var before = await ModifiedAsync(client);

        // Later than release 1 by whole seconds, so a modified time that moved would show it.
        await Task.Delay(1100);
        seed.ReplaceOnLine("targets.csv", 2, "target figure is not printed, so", "target figure is not printed; so");
        var import = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed.SeedData, DatabasePath = store.DatabasePath });
        Assert.Equal(ImportOutcome.Imported, import.Outcome);

        var after = await ModifiedAsync(client);
        Assert.Equal(before["risks"], after["risks"]);
        Assert.Equal(before["crime_figures"], after["crime_figures"]);
        Assert.True(DateTimeOffset.Parse(after["targets"]!, System.Globalization.CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(before["targets"]!, System.Globalization.CultureInfo.InvariantCulture));
        // The same time /api/v1/datasets reports.
        var listed = JsonNode.Parse(await client.GetStringAsync("/api/v1/datasets/targets"))!["data"]!["last_modified"];
        Assert.Equal(DateTimeOffset.Parse((string)listed!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(after["targets"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<Dictionary<string, string?>> ModifiedAsync(HttpClient client)
    {
        var catalog = JsonNode.Parse(await client.GetStringAsync(Catalog))!;
        return catalog["dcat:dataset"]!.AsArray().ToDictionary(d => (string)d!["dct:identifier"]!, d => (string?)d!["dct:modified"]);
    }
}
