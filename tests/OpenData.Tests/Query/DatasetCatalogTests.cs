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
        // Every row that cites a place in a source links to it (locator_url), after the other computed fields.
        string[] linked = header.Contains("locator") ? ["locator_url"] : [];
        Assert.Equal([.. header, .. ComputedFields.GetValueOrDefault(name, []), .. linked], dataset.Fields.Select(f => f.Name));
        foreach (var (field, csv) in dataset.Fields.Zip(declared))
        {
            Assert.Equal(csv.GetProperty("type").GetString(), FieldValues.TypeName(field.Type));
            Assert.Equal(csv.GetProperty("description").GetString(), field.Description);
        }
    }

    [Fact]
    public void Every_csv_resource_of_the_package_is_published_in_package_order_under_its_names()
    {
        // A resource that is one CSV of its own is a dataset (the MPS extracts and the boundaries are imported into
        // others); releases are the store's own, last.
        var csvResources = DataPackage.Current.Resources.Where(r => r.Paths.SequenceEqual([r.Name + ".csv"])).Select(r => r.Name).ToList();
        Assert.Contains("funding_figures", csvResources);
        Assert.Equal([.. csvResources, "releases"], DatasetCatalog.All.Select(d => d.ResourceName));
        Assert.All(DatasetCatalog.All, d => Assert.Equal(d.Name.Replace('-', '_'), d.ResourceName));
    }

    [Fact]
    public void Every_foreign_key_of_the_package_is_a_relation_of_the_registry_named_after_its_field()
    {
        var declared = DataPackage.Current.Resources.SelectMany(r => r.ForeignKeys.Select(k => $"{r.Name}.{k.Field} -> {k.Resource}")).ToList();
        Assert.Equal(declared, DatasetCatalog.References.Select(r => $"{r.From.ResourceName}.{r.Field.Name} -> {r.To.ResourceName}"));
        var targetArea = DatasetCatalog.References.Single(r => r.From == TargetDto.Dataset && r.Field.Name == "area_code");
        Assert.Equal(("area", "targets"), (targetArea.Name, targetArea.Inverse));
        var policeUk = DatasetCatalog.References.Single(r => r.Field.Name == "police_uk_id");
        Assert.Equal(("police_uk", "mps_categories"), (policeUk.Name, policeUk.Inverse));
        var parent = DatasetCatalog.References.Single(r => r.From == AreaDto.Dataset && r.Field.Name == "parent_code");
        Assert.Equal(("parent", "children"), (parent.Name, parent.Inverse));
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
