using System.Net;
using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>Areas as GeoJSON: the ward polygons for maps.</summary>
public sealed class AreasTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task Wards_of_a_boundary_set_are_a_feature_collection_with_polygons()
    {
        using var response = await GetAsync("/api/v1/areas?type=ward&boundary_set=2014&parent_code=E09000020&format=geojson&fields=code,name");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("FeatureCollection", (string?)body["type"]);
        var features = body["features"]!.AsArray();
        Assert.Equal(18, features.Count);
        var first = features[0]!;
        Assert.Equal("Feature", (string?)first["type"]);
        Assert.Contains((string)first["geometry"]!["type"]!, new[] { "Polygon", "MultiPolygon" });
        Assert.Equal(["code", "name", "links"], first["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("E05009388", (string?)first["properties"]!["code"]);
        Assert.Equal("areas", (string?)body["metadata"]!["dataset"]);
    }

    [Theory]
    [InlineData("/api/v1/areas?type=borough&format=geojson")]
    [InlineData("/api/v1/areas/E05009388/boundary")]
    [InlineData("/api/v1/areas/E05009388?format=geojson")]
    [InlineData("/api/v1/crime-figures/map?boundary_set=2014&from=2023-01&to=2023-12&police_uk=burglary")]
    public async Task Every_geo_json_response_says_its_charset_is_utf_8(string url)
    {
        using var response = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
    }

    [Fact]
    public async Task Accept_geo_json_chooses_geo_json()
    {
        using var response = await GetAsync("/api/v1/areas?type=ward&limit=2", accept: "application/geo+json");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(2, body["features"]!.AsArray().Count);
    }

    [Fact]
    public async Task Places_without_polygons_are_features_with_null_geometry()
    {
        var body = await GetJsonAsync("/api/v1/areas?code=kc-w10&format=geojson");
        var feature = body["features"]![0]!;
        Assert.Null(feature["geometry"]);
        Assert.Equal("kc-w10", (string?)feature["properties"]!["code"]);
    }

    [Fact]
    public async Task A_ward_boundary_is_a_feature_with_the_ward_as_properties()
    {
        using var response = await GetAsync("/api/v1/areas/E05009388/boundary");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var feature = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Feature", (string?)feature["type"]);
        Assert.Equal("Polygon", (string?)feature["geometry"]!["type"]);
        var ring = feature["geometry"]!["coordinates"]![0]!.AsArray();
        Assert.True(ring.Count > 10);
        var (lon, lat) = ((double)ring[0]![0]!, (double)ring[0]![1]!);
        Assert.InRange(lon, -0.25, -0.15);
        Assert.InRange(lat, 51.47, 51.54);
        Assert.Equal("Abingdon", (string?)feature["properties"]!["name"]);
        Assert.Equal("/api/v1/areas/E05009388/boundary", (string?)feature["properties"]!["links"]!["boundary"]);
    }

    [Fact]
    public async Task The_boundary_is_served_as_json_to_clients_that_ask_for_json()
    {
        using var response = await GetAsync("/api/v1/areas/E05000382/boundary?fields=code", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var feature = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(["code", "links"], feature["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task An_area_item_is_a_feature_when_asked_for_geo_json()
    {
        var feature = await GetJsonAsync("/api/v1/areas/E05009388?format=geojson&fields=code");
        Assert.Equal("Feature", (string?)feature["type"]);
        Assert.NotNull(feature["geometry"]);
    }

    [Fact]
    public async Task Children_of_the_borough_are_its_wards_and_places()
    {
        var body = await GetJsonAsync("/api/v1/areas?parent_code=E09000020&type=ward&total=true&limit=1");
        Assert.Equal(36, (int)body["meta"]!["total"]!);
    }
}
