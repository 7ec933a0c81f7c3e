using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OpenData.Import;
using OpenData.Tests.Import;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.Rest;

/// <summary>Point to area: /api/v1/areas/locate and GraphQL locateArea, over the ward polygons of the seed data.</summary>
public sealed class AreaLocateTests(TestApp app) : RestTest(app)
{
    // Inside Abingdon in both boundary sets (its published 2014 centroid).
    private const string InAbingdon = "lat=51.4964&lon=-0.19724";

    // Mid-river by Battersea Bridge: south of Chelsea Riverside's boundary, north of Battersea.
    private const string InTheThames = "lat=51.4808&lon=-0.17";

    [Fact]
    public async Task A_point_in_a_ward_gives_the_ward_and_its_borough_as_areas_items()
    {
        var body = await GetJsonAsync("/api/v1/areas/locate?" + InAbingdon);
        var ward = await GetJsonAsync("/api/v1/areas/E05009388");
        var borough = await GetJsonAsync("/api/v1/areas/E09000020");

        // The same fields and links as the items themselves.
        Assert.True(JsonNode.DeepEquals(ward["data"], body["data"]!["ward"]), body.ToJsonString());
        Assert.True(JsonNode.DeepEquals(borough["data"], body["data"]!["borough"]), body.ToJsonString());
        Assert.Equal("borough", (string?)body["data"]!["borough"]!["type"]);
        var meta = body["meta"]!;
        Assert.Equal("areas", (string?)meta["dataset"]);
        // No boundary_set: the newest set, and the answer says which.
        Assert.Equal("2022", (string?)meta["boundary_set"]);
        Assert.Equal(51.4964, (double)meta["lat"]!);
        Assert.Equal(-0.19724, (double)meta["lon"]!);
        Assert.Equal(1, (int)meta["release"]!["id"]!);
    }

    [Fact]
    public async Task Boundary_set_chooses_the_ward_set()
    {
        var old = await GetJsonAsync("/api/v1/areas/locate?" + InAbingdon + "&boundary_set=2002-2014");
        var current = await GetJsonAsync("/api/v1/areas/locate?" + InAbingdon + "&boundary_set=2014");

        Assert.Equal("E05000382", (string?)old["data"]!["ward"]!["code"]);
        Assert.Equal("2002-2014", (string?)old["data"]!["ward"]!["boundary_set"]);
        Assert.Equal("2002-2014", (string?)old["meta"]!["boundary_set"]);
        Assert.Equal("E05009388", (string?)current["data"]!["ward"]!["code"]);
    }

    [Theory]
    // The ONS reference points of the 2022 set, and Kensington and Chelsea's wards of both its sets. (Centroids this
    // project computed from a polygon can fall outside a concave ward, so they are not asked to.)
    [InlineData("type=ward&boundary_sets__contains=2022", "2022")]
    [InlineData("type=ward&parent_code=E09000020", null)]
    public async Task Every_wards_published_centroid_is_located_in_that_ward(string filter, string? set)
    {
        var wards = (await GetJsonAsync($"/api/v1/areas?{filter}&fields=code,boundary_set,centroid_lat,centroid_lon&limit=1000"))["data"]!.AsArray();
        Assert.NotEmpty(wards);
        foreach (var ward in wards)
        {
            var lat = ((double)ward!["centroid_lat"]!).ToString("R", CultureInfo.InvariantCulture);
            var lon = ((double)ward["centroid_lon"]!).ToString("R", CultureInfo.InvariantCulture);
            var body = await GetJsonAsync($"/api/v1/areas/locate?lat={lat}&lon={lon}&boundary_set={set ?? (string)ward["boundary_set"]!}");
            Assert.Equal((string?)ward["code"], (string?)body["data"]!["ward"]!["code"]);
        }
    }

    [Theory]
    [InlineData(InTheThames + "&boundary_set=2002-2014", "2002-2014", "(51.4808, -0.17)")]
    [InlineData("lat=51.508&lon=-0.1281&boundary_set=2002-2014", "2002-2014", "(51.508, -0.1281)")] // Trafalgar Square, Westminster: not Kensington and Chelsea
    [InlineData("lat=51.2798&lon=1.0830", "2022", "(51.2798, 1.083)")] // Canterbury: outside London
    [InlineData("lat=-33.8568&lon=151.2153&boundary_set=2014", "2014", "(-33.8568, 151.2153)")]
    public async Task A_point_outside_every_ward_is_a_404_that_names_the_set_and_the_point(string query, string set, string point)
    {
        var problem = await GetProblemAsync("/api/v1/areas/locate?" + query, HttpStatusCode.NotFound, "not-found");
        Assert.Equal($"No ward of boundary set {set} contains {point}.", (string?)problem["detail"]);
    }

    [Theory]
    [InlineData("lon=-0.19724", "lat", "invalid-parameter", "lat is required")]
    [InlineData("lat=51.4964", "lon", "invalid-parameter", "lon is required")]
    [InlineData("lat=north&lon=-0.19724", "lat", "invalid-parameter", "'north' is not a number")]
    [InlineData("lat=51.4964&lon=", "lon", "invalid-parameter", "'' is not a number")]
    [InlineData("lat=51,4964&lon=-0.19724", "lat", "invalid-parameter", "'51,4964' is not a number")]
    [InlineData("lat=91&lon=-0.19724", "lat", "invalid-parameter", "from -90 to 90; 91 is not")]
    [InlineData("lat=-90.5&lon=-0.19724", "lat", "invalid-parameter", "from -90 to 90; -90.5 is not")]
    [InlineData("lat=NaN&lon=-0.19724", "lat", "invalid-parameter", "from -90 to 90; NaN is not")]
    [InlineData("lat=51.4964&lon=180.5", "lon", "invalid-parameter", "from -180 to 180; 180.5 is not")]
    [InlineData("lat=51.4964&lon=-181", "lon", "invalid-parameter", "from -180 to 180; -181 is not")]
    [InlineData(InAbingdon + "&boundary_set=2026", "boundary_set", "invalid-parameter", "'2026' is not a ward boundary set: 2002-2014 or 2014 or 2018 or 2022")]
    [InlineData(InAbingdon + "&boundary_set=", "boundary_set", "invalid-parameter", "'' is not a ward boundary set: 2002-2014 or 2014 or 2018 or 2022")]
    [InlineData(InAbingdon + "&lat=51.5", "lat", "invalid-parameter", "lat may be given once")]
    [InlineData(InAbingdon + "&boundary_set=2014&boundary_set=2014", "boundary_set", "invalid-parameter", "may be given once")]
    [InlineData(InAbingdon + "&radius=100", "radius", "unknown-parameter", "lat, lon, boundary_set and format")]
    [InlineData(InAbingdon + "&latitude=51.4964", "latitude", "unknown-parameter", "lat, lon, boundary_set and format")]
    public async Task Bad_input_is_a_400_that_names_the_parameter_and_what_it_accepts(string query, string parameter, string type, string message)
    {
        var problem = await GetProblemAsync("/api/v1/areas/locate?" + query, HttpStatusCode.BadRequest, type);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(parameter), problem.ToJsonString());
        Assert.Contains(message, string.Join(" ", errors[parameter]!.AsArray().Select(m => (string?)m)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_error_of_a_request_is_reported_at_once()
    {
        var problem = await GetProblemAsync("/api/v1/areas/locate?lat=100&lon=east&boundary_set=2019", HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Equal(["boundary_set", "lat", "lon"], problem["errors"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_json_is_served()
    {
        using var response = await GetAsync("/api/v1/areas/locate?" + InAbingdon, accept: "text/csv");
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Theory]
    [InlineData(51.4964, -0.19724, null)]
    [InlineData(51.4964, -0.19724, "2002-2014")]
    [InlineData(51.483, -0.172, "2014")]
    [InlineData(51.483, -0.172, "2002-2014")]
    [InlineData(51.4808, -0.17, null)]
    public async Task GraphQL_locate_area_agrees_with_rest(double lat, double lon, string? boundarySet)
    {
        var query = $"lat={lat.ToString("R", CultureInfo.InvariantCulture)}&lon={lon.ToString("R", CultureInfo.InvariantCulture)}" + (boundarySet is null ? "" : "&boundary_set=" + boundarySet);
        using var response = await GetAsync("/api/v1/areas/locate?" + query);
        var rest = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var data = await DataAsync(Client,
            "query ($lat: Float!, $lon: Float!, $set: String) { locateArea(lat: $lat, lon: $lon, boundarySet: $set) { code boundarySets parent { code type } } }",
            new { lat, lon, set = boundarySet });

        var located = data["locateArea"];
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            Assert.Null(located);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((string?)rest["data"]!["ward"]!["code"], (string?)located!["code"]);
        // The ward is one of the set looked in (its own boundary_set is the earliest set holding its code).
        Assert.Contains((string)rest["meta"]!["boundary_set"]!, ((string)located["boundarySets"]!).Split(' '));
        Assert.Equal((string?)rest["data"]!["borough"]!["code"], (string?)located["parent"]!["code"]);
    }

    [Theory]
    [InlineData("lat: 91, lon: 0", "lat", "from -90 to 90")]
    [InlineData("lat: 51.5, lon: -200", "lon", "from -180 to 180")]
    [InlineData("lat: 51.5, lon: 0, boundarySet: \"2026\"", "boundarySet", "2002-2014 or 2014 or 2018 or 2022")]
    public async Task GraphQL_bad_input_is_a_bad_user_input_error_on_the_argument(string arguments, string argument, string message)
    {
        var error = await ErrorAsync(Client, $"{{ locateArea({arguments}) {{ code }} }}");
        Assert.Equal("BAD_USER_INPUT", (string?)error["extensions"]!["code"]);
        Assert.Equal(argument, (string?)error["extensions"]!["argument"]);
        Assert.Contains(message, (string?)error["message"], StringComparison.Ordinal);
    }
}

/// <summary>The polygons are indexed once per release: a re-import while serving is seen by the next lookup.</summary>
public sealed class AreaLocateReimportTests : IDisposable
{
    private readonly TestApp _app = new();
    private readonly SeedCopy _seed = new();

    [Fact]
    public async Task A_reimport_with_other_polygons_is_seen_by_the_next_lookup()
    {
        var client = _app.CreateClient();
        const string url = "/api/v1/areas/locate?lat=51.4964&lon=-0.19724&boundary_set=2014";
        Assert.Equal("E05009388", await WardAtAsync(client, url));

        // Abingdon's and Brompton & Hans Town's polygons swap codes in the file that draws them (the 2022 set's, the
        // newest holding their codes; each code is there twice, as ward_code and WD24CD): the point is now in Brompton & Hans Town.
        var file = _seed.Path("boundaries/london_wards_2022.geojson");
        var text = File.ReadAllText(file);
        Assert.Equal(2, text.Split("\"E05009388\"").Length - 1);
        File.WriteAllText(file, text.Replace("\"E05009388\"", "\"swap\"").Replace("\"E05009389\"", "\"E05009388\"").Replace("\"swap\"", "\"E05009389\""));
        var import = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = _seed.SeedData, DatabasePath = _app.DatabasePath });
        Assert.True(import.Succeeded, string.Join(Environment.NewLine, import.Errors));

        Assert.Equal("E05009389", await WardAtAsync(client, url));
        var data = await DataAsync(client, "{ locateArea(lat: 51.4964, lon: -0.19724) { code } }");
        Assert.Equal("E05009389", (string?)data["locateArea"]!["code"]);
    }

    private static async Task<string?> WardAtAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return (string?)JsonNode.Parse(body)!["data"]!["ward"]!["code"];
    }

    public void Dispose()
    {
        _app.Dispose();
        _seed.Dispose();
    }
}
