using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>
/// London's areas as the API serves them from the real seed data: the 33 boroughs, the MPS aviation unit, every
/// ward of the 2014, 2018 and 2022 sets with its polygon, and the Census 2021 populations. Expectations are read
/// from the boundary files in seed-data/, so a ward the import drops or draws with the wrong polygon fails.
/// </summary>
public sealed class LondonAreasTests(TestApp app) : RestTest(app)
{
    private static readonly string[] Sets = ["2014", "2018", "2022"];

    /// <summary>Code to geometry of each feature of a boundary file of seed-data/.</summary>
    private static Dictionary<string, JsonNode> Features(string file, string key)
    {
        var collection = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.SeedData, "boundaries", file)))!;
        return collection["features"]!.AsArray().ToDictionary(f => (string)f!["properties"]![key]!, f => f!["geometry"]!);
    }

    private static Dictionary<string, JsonNode> WardFile(string set) =>
        Features($"london_wards_{set}.geojson", set == "2022" ? "ward_code" : "GSS_CODE");

    /// <summary>The wards of a set: boundary_sets holds it (2014 also matches "2002-2014", the older K&amp;C set).</summary>
    private static string WardsOf(string set) =>
        $"/api/v1/areas?type=ward&boundary_sets__contains={set}&boundary_set__ne=2002-2014&limit=1000";

    [Fact]
    public async Task The_33_London_boroughs_are_served_with_their_polygons_under_London()
    {
        var boroughs = Features("london_boroughs.geojson", "GSS_CODE");
        var body = await GetJsonAsync("/api/v1/areas?type=borough&fields=code,name,parent_code,has_boundary&limit=1000&total=true");
        var served = body["data"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, 33).Select(i => $"E090000{i:D2}"), served.Select(b => (string)b!["code"]!).Order(StringComparer.Ordinal));
        Assert.Equal(boroughs.Keys.Order(StringComparer.Ordinal), served.Select(b => (string)b!["code"]!).Order(StringComparer.Ordinal));
        Assert.All(served, b =>
        {
            Assert.Equal("E12000007", (string?)b!["parent_code"]);
            Assert.True((bool)b["has_boundary"]!);
        });
        Assert.Equal("Kingston upon Thames", (string?)served.Single(b => (string?)b!["code"] == "E09000021")!["name"]);
    }

    [Fact]
    public async Task The_aviation_unit_is_an_area_of_the_Met_with_both_published_spellings()
    {
        var unit = (await GetJsonAsync("/api/v1/areas/mps-aviation-security-so18"))["data"]!;
        Assert.Equal("police_unit", (string?)unit["type"]);
        Assert.Equal("E23000001", (string?)unit["parent_code"]);
        Assert.Equal(["Aviation Security(SO18)", "Aviation Security (SO18)"], ((string)unit["aliases"]!).Split('|'));
        var notes = (string)unit["notes"]!;
        Assert.Contains("Heathrow Villages (E05000331 in the 2018 set, E05013570 in 2022)", notes);
        Assert.Contains("Hillingdon's total includes Heathrow Villages once", notes);
        foreach (var ward in new[] { "E05000331", "E05013570" })
        {
            var heathrow = (await GetJsonAsync($"/api/v1/areas/{ward}"))["data"]!;
            Assert.Equal("E09000017", (string?)heathrow["parent_code"]);
        }
    }

    [Theory]
    [InlineData("2014")]
    [InlineData("2018")]
    [InlineData("2022")]
    public async Task Every_ward_of_a_set_is_listed_with_a_polygon(string set)
    {
        var expected = WardFile(set).Keys.Order(StringComparer.Ordinal).ToList();
        var body = await GetJsonAsync(WardsOf(set) + "&fields=code,has_boundary,boundary_sets&sort=code");
        var wards = body["data"]!.AsArray();
        Assert.Equal(expected, wards.Select(w => (string)w!["code"]!));
        Assert.All(wards, w => Assert.True((bool)w!["has_boundary"]!));
        Assert.All(wards, w => Assert.Contains(set, ((string)w!["boundary_sets"]!).Split(' ')));
    }

    [Fact]
    public async Task A_ward_that_several_sets_hold_is_drawn_with_the_newest_sets_polygon_so_the_2022_set_uses_the_ONS_polygons()
    {
        // The newest file holding a code draws it: 2022 (ONS) over 2018 (GLA) over 2014 (GLA).
        var expected = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var set in Sets)
        {
            foreach (var (code, geometry) in WardFile(set)) expected[code] = geometry;
        }
        foreach (var set in Sets)
        {
            using var response = await GetAsync(WardsOf(set) + "&format=geojson&fields=code");
            var features = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["features"]!.AsArray();
            Assert.NotEmpty(features);
            foreach (var feature in features)
            {
                var code = (string)feature!["properties"]!["code"]!;
                Assert.True(JsonNode.DeepEquals(expected[code], feature["geometry"]), $"{code} in the {set} set is not drawn with the newest file's polygon");
            }
        }
    }

    [Fact]
    public async Task A_Kensington_and_Chelsea_ward_is_in_all_three_sets_and_located_in_each()
    {
        var ward = (await GetJsonAsync("/api/v1/areas/E05009388"))["data"]!;
        Assert.Equal("2014", (string?)ward["boundary_set"]);
        Assert.Equal("2014 2018 2022", (string?)ward["boundary_sets"]);
        Assert.Equal("2014-05-22", (string?)ward["valid_from"]);
        Assert.Null(ward["valid_to"]);
        foreach (var set in Sets)
        {
            var located = await GetJsonAsync($"/api/v1/areas/locate?lat=51.4964&lon=-0.19724&boundary_set={set}");
            Assert.Equal("E05009388", (string?)located["data"]!["ward"]!["code"]);
        }
    }

    [Fact]
    public async Task A_ward_no_longer_in_a_set_ends_the_day_before_that_set_came_into_force()
    {
        // E05000026 (Abbey, Barking and Dagenham) is in the 2014 and 2018 files, not in 2022.
        Assert.Contains("E05000026", WardFile("2018").Keys);
        Assert.DoesNotContain("E05000026", WardFile("2022").Keys);
        var ward = (await GetJsonAsync("/api/v1/areas/E05000026"))["data"]!;
        Assert.Equal("2014 2018", (string?)ward["boundary_sets"]);
        Assert.Equal("2022-05-04", (string?)ward["valid_to"]);
        // Its ground lies in a ward of the 2022 set under another code.
        var located = (await GetJsonAsync($"/api/v1/areas/locate?lat={ward["centroid_lat"]}&lon={ward["centroid_lon"]}&boundary_set=2022"))["data"]!["ward"]!;
        Assert.NotEqual("E05000026", (string?)located["code"]);
        Assert.Contains("2022", ((string)located["boundary_sets"]!).Split(' '));
    }

    [Fact]
    public async Task The_City_of_London_has_no_crime_figures_and_says_why()
    {
        var city = (await GetJsonAsync("/api/v1/areas/E09000001"))["data"]!;
        Assert.Equal("borough", (string?)city["type"]);
        Assert.Contains("City of London Police", (string)city["notes"]!);
        Assert.Contains("no MPS crime figures", (string)city["notes"]!);
        var figures = await GetJsonAsync("/api/v1/crime-figures?area_code=E09000001&total=true");
        Assert.Equal(0, (int)figures["meta"]!["total"]!);
        var wards = await GetJsonAsync("/api/v1/areas?parent_code=E09000001&type=ward&fields=code,notes&limit=1000");
        Assert.Equal(25, wards["data"]!.AsArray().Count);
        Assert.All(wards["data"]!.AsArray(), w => Assert.Contains("City of London Police", (string)w!["notes"]!));
    }

    [Fact]
    public async Task Every_2022_ward_and_every_borough_has_a_population()
    {
        var wards = (await GetJsonAsync(WardsOf("2022") + "&parent_code__ne=E09000001&fields=code"))["data"]!.AsArray().Select(w => (string)w!["code"]!);
        var boroughs = (await GetJsonAsync("/api/v1/areas?type=borough&fields=code&limit=1000"))["data"]!.AsArray().Select(b => (string)b!["code"]!);
        var populations = (await GetJsonAsync("/api/v1/populations?limit=1000"))["data"]!.AsArray();
        Assert.Equal(wards.Concat(boroughs).Order(StringComparer.Ordinal), populations.Select(p => (string)p!["area_code"]!).Order(StringComparer.Ordinal));
        Assert.All(populations, p =>
        {
            Assert.True((long)p!["population"]! > 0);
            Assert.Equal("2021-03-21", (string?)p["census_date"]);
        });
        // Wards: household + communal residents; boroughs: TS007A's total, with no such split.
        Assert.All(populations.Where(p => ((string)p!["area_code"]!).StartsWith("E05", StringComparison.Ordinal)), p =>
            Assert.Equal((long)p!["population"]!, (long)p["lives_in_household"]! + (long)p["lives_in_communal_establishment"]!));
        Assert.All(populations.Where(p => ((string)p!["area_code"]!).StartsWith("E09", StringComparison.Ordinal)), p =>
        {
            Assert.Equal("ons-census-2021-ts007a", (string?)p!["source_id"]);
            Assert.StartsWith("population/census2021-ts007a-ltla.csv line ", (string)p["locator"]!);
            Assert.Null(p["lives_in_household"]);
        });
    }

    [Fact]
    public async Task An_area_links_to_its_population_and_a_borough_uses_TS007A_not_the_sum_of_its_wards()
    {
        var area = (await GetJsonAsync("/api/v1/areas/E09000020"))["data"]!;
        Assert.Equal("/api/v1/populations?area_code=E09000020", (string?)area["links"]!["population"]);
        var borough = (await GetJsonAsync("/api/v1/populations/E09000020"))["data"]!;
        var wards = (await GetJsonAsync(WardsOf("2022") + "&parent_code=E09000020&fields=code"))["data"]!.AsArray().Select(w => (string)w!["code"]!).ToList();
        var wardPopulations = (await GetJsonAsync($"/api/v1/populations?area_code__in={string.Join(',', wards)}&limit=1000"))["data"]!.AsArray();
        Assert.Equal(wards.Count, wardPopulations.Count);
        var sum = wardPopulations.Sum(p => (long)p!["population"]!);
        // ONS perturbs small cells: the wards add up to a few persons off, and the row says by how many.
        Assert.NotEqual(sum, (long)borough["population"]!);
        Assert.Contains($"sum to {sum} in the ward file ({sum - (long)borough["population"]!:+0;-0})", (string)borough["notes"]!);
    }
}
