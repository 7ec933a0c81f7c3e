using System.Text.Json;
using OpenData.Query;

namespace OpenData.Tests.Query;

/// <summary>The datasets publish exactly the CSV contract of seed-data/datapackage.json, under its names.</summary>
public sealed class DatasetCatalogTests
{
    public static TheoryData<string> Datasets() => new(DatasetCatalog.All.Where(d => d.Name != "releases").Select(d => d.Name));

    /// <summary>Fields a dataset serves beyond its CSV columns (computed, or kept by the import), as published.</summary>
    private static readonly Dictionary<string, string[]> ComputedFields = new()
    {
        ["areas"] = ["has_boundary"],
        ["crime-figures"] = ["is_current", "superseded_by"],
        ["targets"] = ["meets_target", "verdict_met", "verdict_agrees"],
    };

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Every_csv_column_is_a_field_of_the_dataset_in_csv_order_with_its_type_and_description(string name)
    {
        // Read from the repository's files, not through the API's own datapackage reader: the fields must say what
        // the published CSV header and seed-data/datapackage.json say.
        var dataset = DatasetCatalog.Find(name)!;
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.SeedData, "datapackage.json")));
        var resource = package.RootElement.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == dataset.ResourceName);
        var declared = resource.GetProperty("schema").GetProperty("fields").EnumerateArray().ToList();
        var header = File.ReadLines(Path.Combine(RepositoryFiles.SeedData, resource.GetProperty("path").GetString()!)).First().TrimStart('\uFEFF').Split(',');

        Assert.Equal(header, declared.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal([.. header, .. ComputedFields.GetValueOrDefault(name, [])], dataset.Fields.Select(f => f.Name));
        foreach (var (field, csv) in dataset.Fields.Zip(declared))
        {
            Assert.Equal(csv.GetProperty("type").GetString(), FieldValues.TypeName(field.Type));
            Assert.Equal(csv.GetProperty("description").GetString(), field.Description);
        }
    }

    [Fact]
    public void Dataset_names_are_the_rest_paths_and_resource_names_the_datapackage_names()
    {
        Assert.Equal(
            ["sources", "areas", "offence-categories", "crime-figures", "indicators", "targets", "priorities", "actions", "assessment-scores", "risks", "releases"],
            DatasetCatalog.All.Select(d => d.Name));
        Assert.Equal(
            ["sources", "areas", "offence_categories", "crime_figures", "indicators", "targets", "priorities", "actions", "assessment_scores", "risks", "releases"],
            DatasetCatalog.All.Select(d => d.ResourceName));
    }

    [Fact]
    public void A_release_serves_its_fields_under_their_published_names()
    {
        Assert.Equal(["id", "imported_at", "content_hash", "row_counts", "changes", "source_last_modified"], ReleaseDto.Dataset.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Text_fields_offer_text_operators_and_dates_offer_ranges()
    {
        var name = AreaDto.Dataset.FindField("name")!;
        Assert.Contains(FilterOperator.Contains, name.Operators);
        Assert.DoesNotContain(FilterOperator.IsNull, name.Operators);
        var validTo = AreaDto.Dataset.FindField("valid_to")!;
        Assert.Equal([FilterOperator.Eq, FilterOperator.Neq, FilterOperator.In, FilterOperator.Nin, FilterOperator.Gt, FilterOperator.Gte, FilterOperator.Lt, FilterOperator.Lte, FilterOperator.IsNull], validTo.Operators);
        Assert.False(ReleaseDto.Dataset.FindField("imported_at")!.Sortable);
        Assert.False(ReleaseDto.Dataset.FindField("changes")!.Filterable);
    }
}
