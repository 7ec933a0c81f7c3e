using System.Net;
using OpenData.Query;

namespace OpenData.Tests.Rest;

/// <summary>
/// Filters that could only ever match nothing are refused with a 400 naming the parameter, rather than answered
/// with an empty page a client takes for "no data": a filter given twice (which would AND two equalities), and a
/// value outside a closed-set field's documented values.
/// </summary>
public sealed class FilterStrictnessTests(TestApp app) : RestTest(app)
{
    [Theory]
    [InlineData("/api/v1/targets?area_code=E09000020&area_code=E23000001", "area_code", "area_code__in=")]
    [InlineData("/api/v1/areas?type=ward&type=borough", "type", "type__in=")]
    [InlineData("/api/v1/actions?kind=action&kind=issue", "kind", "kind__in=")]
    [InlineData("/api/v1/targets?area_code__ne=E09000020&area_code__ne=E23000001", "area_code__ne", "area_code__nin=")]
    [InlineData("/api/v1/areas?type__in=ward&type__in=borough", "type__in", "type__in=a,b")]
    [InlineData("/api/v1/crime-figures?period_start__gte=2010-01-01&period_start__gte=2011-01-01", "period_start__gte", "period_start__lte=")]
    public async Task A_filter_given_twice_is_a_400_pointing_to_the_in_operator(string url, string parameter, string hint)
    {
        var problem = await GetProblemAsync(url, HttpStatusCode.BadRequest, "invalid-parameter");
        var message = (string)problem["errors"]![parameter]![0]!;
        Assert.Contains("may be given once", message);
        Assert.Contains(hint, message);
    }

    [Fact]
    public async Task The_in_operator_the_repeat_error_points_to_matches_either_value()
    {
        var first = (await GetJsonAsync("/api/v1/targets?area_code=E09000020&total=true"))["meta"]!["total"]!.GetValue<long>();
        var second = (await GetJsonAsync("/api/v1/targets?area_code=E23000001&total=true"))["meta"]!["total"]!.GetValue<long>();
        var either = (await GetJsonAsync("/api/v1/targets?area_code__in=E09000020,E23000001&total=true"))["meta"]!["total"]!.GetValue<long>();
        Assert.True(first > 0 && second > 0, "the seed data has targets for both areas");
        Assert.Equal(first + second, either);
    }

    [Theory]
    [InlineData("/api/v1/areas?boundary_set=1999", "boundary_set")]
    [InlineData("/api/v1/areas?type=nosuch", "type")]
    [InlineData("/api/v1/areas?type__ne=nosuch", "type__ne")]
    [InlineData("/api/v1/areas?type__in=ward,nosuch", "type__in")]
    [InlineData("/api/v1/areas?type__nin=nosuch", "type__nin")]
    [InlineData("/api/v1/actions?rag=blue&format=csv", "rag")]
    [InlineData("/api/v1/targets?target_direction=sideways", "target_direction")]
    public async Task A_value_outside_a_closed_set_is_a_400_listing_the_set(string url, string parameter)
    {
        var problem = await GetProblemAsync(url, HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Contains("one of", (string)problem["errors"]![parameter]![0]!);
    }

    [Theory]
    [InlineData("/api/v1/areas?type__startswith=police")]
    [InlineData("/api/v1/areas?type__gte=c")]
    [InlineData("/api/v1/areas?boundary_set__isnull=true")]
    public async Task Ranges_and_text_matching_on_a_closed_set_stay_allowed(string url)
    {
        using var response = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Every closed-set field of every collection: its allowed values are the datapackage.json enum, each
    /// one filters (200), and a value outside the set is refused naming the field.</summary>
    [Fact]
    public async Task Every_closed_set_field_takes_its_documented_values_and_refuses_others()
    {
        var closed = DatasetCatalog.All.SelectMany(d => d.Fields.Where(f => f.AllowedValues is not null && f.Filterable).Select(f => (Dataset: d, Field: f))).ToList();
        Assert.Contains(closed, c => c.Dataset.Name == "areas" && c.Field.Name == "boundary_set");
        Assert.Contains(closed, c => c.Dataset.Name == "areas" && c.Field.Name == "type");
        foreach (var (dataset, field) in closed)
        {
            var path = $"/api/v1/{dataset.Name.Replace('_', '-')}";
            var package = DataPackage.Current.FindResource(dataset.ResourceName)!.FindField(field.Name)!;
            Assert.Equal(package.Enum, field.AllowedValues);
            using (var ok = await GetAsync($"{path}?{field.Name}={Uri.EscapeDataString(field.AllowedValues![0])}&limit=1"))
            {
                Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{path}?{field.Name}={field.AllowedValues[0]}: {ok.StatusCode}");
            }
            var problem = await GetProblemAsync($"{path}?{field.Name}=not-in-the-set", HttpStatusCode.BadRequest, "invalid-parameter");
            Assert.NotNull(problem["errors"]![field.Name]);
        }
    }
}
