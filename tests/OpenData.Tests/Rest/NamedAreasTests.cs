using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>A row about several named areas carries each of them, not a made-up combined place.</summary>
public sealed class NamedAreasTests(TestApp app) : RestTest(app)
{
    [Theory]
    [InlineData("/api/v1/crime-figures/rbkc-nrs-2003-f001", "Golborne", "St. Charles")]
    [InlineData("/api/v1/actions/rbkc-nrs-2003-a011", "Golborne", "St. Charles")]
    [InlineData("/api/v1/actions/rbkc-nrs-2003-a001", "Earl's Court", "Colville", "Campden")]
    [InlineData("/api/v1/priorities/rbkc-nrs-2003-p002", "St. Charles", "Cremorne")]
    [InlineData("/api/v1/crime-figures/rbkc-bsc-2019-f014", "Dalgarno", "Golborne", "Colville", "Earl's Court")]
    public async Task A_row_for_named_wards_carries_those_wards_within_its_area(string item, params string[] wards)
    {
        var row = (await GetJsonAsync(item))["data"]!;
        var codes = ((string)row["area_codes"]!).Split(' ');
        var names = new List<string>();
        foreach (var code in codes)
        {
            var ward = (await GetJsonAsync($"/api/v1/areas/{code}"))["data"]!;
            Assert.Equal("ward", (string)ward["type"]!);
            Assert.Equal((string)row["area_code"]!, (string)ward["parent_code"]!);
            names.Add((string)ward["name"]!);
        }
        Assert.Equal(wards.Order(), names.Order());
    }

    [Fact]
    public async Task No_area_is_a_made_up_combination_of_wards_and_a_ward_finds_the_rows_that_name_it()
    {
        await GetProblemAsync("/api/v1/areas/kc-golborne-and-st-charles", System.Net.HttpStatusCode.NotFound, "not-found");
        var places = (await GetJsonAsync("/api/v1/areas?type=place&limit=1000"))["data"]!.AsArray();
        Assert.DoesNotContain(places, p => ((string)p!["name"]!).Contains(" and St Charles", StringComparison.Ordinal));
        var actions = (await GetJsonAsync("/api/v1/actions?area_codes__contains=E05000398&limit=100"))["data"]!.AsArray();
        Assert.Equal(2, actions.Count);
        Assert.All(actions, a => Assert.Contains("Golborne and St Charles", (string)a!["text"]!, StringComparison.Ordinal));
    }
}
