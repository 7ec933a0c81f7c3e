using System.Net;
using System.Text.Json.Nodes;
using OpenData.Query;

namespace OpenData.Tests.Rest;

/// <summary>Finding your way in: the index at /api/v1, the catalogue as CSV, and how the release feed is asked for.</summary>
public sealed class DiscoveryTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task The_index_links_every_dataset_the_special_routes_and_the_documentation()
    {
        var index = await GetJsonAsync("/api/v1");
        var datasets = index["data"]!["datasets"]!.AsArray();
        Assert.Equal(DatasetCatalog.All.Select(d => d.ResourceName), datasets.Select(d => (string)d!["name"]!));
        foreach (var dataset in datasets)
        {
            var links = dataset!["links"]!;
            var collection = await GetJsonAsync((string)links["collection"]! + (((string)links["collection"]!).Contains('?') ? "&" : "?") + "limit=1");
            Assert.Equal((string?)dataset["name"], (string?)collection["meta"]!["dataset"]);
            var entry = await GetJsonAsync((string)links["catalogue"]!);
            Assert.Equal((string?)dataset["title"], (string?)entry["data"]!["title"]);
            Assert.Equal((string?)entry["data"]!["links"]!["csv"], (string?)links["csv"]);
        }

        var routes = index["data"]!["routes"]!.AsArray().ToDictionary(r => (string)r!["href"]!, r => r!);
        foreach (var expected in new[]
        {
            "/api/v1/crime-figures/series", "/api/v1/crime-figures/aggregates", "/api/v1/crime-figures/map",
            "/api/v1/areas/{code}/boundary", "/api/v1/releases.atom", "/api/v1/datasets", "/api/v1/releases/{id}/changes",
        })
        {
            Assert.True(routes.ContainsKey(expected), $"{expected} is not in the index: {string.Join(", ", routes.Keys)}");
        }
        Assert.True((bool)routes["/api/v1/areas/{code}/boundary"]["templated"]!);
        foreach (var (href, route) in routes)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)route["summary"]), href);
            if ((bool)route["templated"]!) continue;
            // Followed as listed, a route exists: it answers, or says which parameters it needs.
            using var response = await Client.GetAsync(href);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{href}: {(int)response.StatusCode}");
        }

        var documentation = index["data"]!["documentation"]!;
        var openApi = await GetJsonAsync((string)documentation["openapi"]!);
        Assert.NotNull(openApi["paths"]!["/api/v1"]);
        using var swagger = await Client.GetAsync((string)documentation["swagger_ui"]!);
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.Equal("text/html", swagger.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/graphql", (string?)documentation["graphql"]);
        var graph = await GraphQL.GraphQLClient.DataAsync(Client, "{ __typename }");
        Assert.Equal("Query", (string?)graph["__typename"]);

        Assert.Equal("/api/v1", (string?)index["links"]!["self"]);
        Assert.Equal("/api/v1/releases.atom", (string?)index["links"]!["releases_feed"]);
        await GetProblemAsync("/api/v1?limit=1", HttpStatusCode.BadRequest, "unknown-parameter");
    }

    [Fact]
    public async Task The_catalogue_as_csv_has_a_row_per_dataset_matching_the_json_catalogue()
    {
        var json = (await GetJsonAsync("/api/v1/datasets"))["data"]!.AsArray();
        using var response = await GetAsync("/api/v1/datasets?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var rows = Csv.Parse(text);
        Assert.Equal(["name", "title", "description", "key", "row_count", "last_modified", "licences", "licence_urls", "source_ids", "collection", "csv"], rows[0]);
        Assert.Equal(json.Count, rows.Count - 1);
        foreach (var (entry, row) in json.Zip(rows.Skip(1)))
        {
            var cells = rows[0].Zip(row).ToDictionary(p => p.First, p => p.Second);
            Assert.Equal((string?)entry!["name"], cells["name"]);
            Assert.Equal((string?)entry["title"], cells["title"]);
            Assert.Equal((string?)entry["description"], cells["description"]);
            Assert.Equal((string?)entry["key"], cells["key"]);
            Assert.Equal(((long)entry["row_count"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), cells["row_count"]);
            Assert.Equal((string?)entry["last_modified"], cells["last_modified"]);
            Assert.Equal(string.Join(";", entry["licences"]!.AsArray().Select(l => (string)l!["name"]!)), cells["licences"]);
            Assert.Equal(string.Join(";", entry["licences"]!.AsArray().Select(l => (string?)l!["path"] ?? "")), cells["licence_urls"]);
            Assert.Equal(string.Join(";", entry["sources"]!.AsArray().Select(s => (string)s!["id"]!)), cells["source_ids"]);
            Assert.Equal((string?)entry["links"]!["collection"], cells["collection"]);
            Assert.Equal((string?)entry["links"]!["csv"], cells["csv"]);
        }
        // Several sources are listed in one cell; the crime figures name theirs.
        Assert.Contains(';', rows.Single(r => r[0] == "crime_figures")[8]);

        using var byAccept = await GetAsync("/api/v1/datasets", accept: "text/csv");
        Assert.Equal(text, await byAccept.Content.ReadAsStringAsync());
        var problem = await GetProblemAsync("/api/v1/datasets?format=xml", HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Contains("csv", (string?)problem["detail"]);
        // One dataset's entry stays JSON: its fields do not fit a row.
        await GetProblemAsync("/api/v1/datasets/risks?format=csv", HttpStatusCode.BadRequest, "invalid-parameter");
        await GetProblemAsync("/api/v1/datasets", HttpStatusCode.NotAcceptable, "not-acceptable", accept: "application/xml");
    }

    [Fact]
    public async Task The_release_feed_refuses_parameters_and_is_served_to_xml_readers_only()
    {
        await GetProblemAsync("/api/v1/releases.atom?limit=5", HttpStatusCode.BadRequest, "unknown-parameter");
        await GetProblemAsync("/api/v1/releases.atom", HttpStatusCode.NotAcceptable, "not-acceptable", accept: "application/json");
        using var xml = await GetAsync("/api/v1/releases.atom", accept: "application/xml");
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Equal("application/atom+xml", xml.Content.Headers.ContentType?.MediaType);
    }
}
