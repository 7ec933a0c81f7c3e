using OpenData.Query;
using OpenData.Store;

namespace OpenData.Tests.Query;

/// <summary>The datasets publish exactly the CSV contract of seed-data/datapackage.json, under its names.</summary>
public sealed class DatasetCatalogTests
{
    public static TheoryData<string> Datasets() => new(DatasetCatalog.All.Where(d => d.Name != "releases").Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Every_csv_field_is_a_field_of_the_dataset_in_csv_order_with_its_type(string name)
    {
        var dataset = DatasetCatalog.Find(name)!;
        var resource = DataPackage.Current.FindResource(dataset.ResourceName)!;
        Assert.NotNull(resource);
        var published = dataset.Fields.Take(resource.Fields.Count).ToList();
        Assert.Equal(resource.Fields.Select(f => f.Name), published.Select(f => f.Name));
        foreach (var (field, csv) in published.Zip(resource.Fields))
        {
            Assert.Equal(csv.Type, FieldValues.TypeName(field.Type));
            Assert.Equal(csv.Description, field.Description);
        }
    }

    [Fact]
    public void Dataset_names_are_the_rest_paths_and_resource_names_the_datapackage_names()
    {
        Assert.Equal(
            ["sources", "areas", "offence-categories", "crime-figures", "indicators", "targets", "priorities", "actions", "assessment-scores", "risks", "releases"],
            DatasetCatalog.All.Select(d => d.Name));
        Assert.All(DatasetCatalog.All, d => Assert.Equal(d.Name.Replace('-', '_'), d.ResourceName));
    }

    [Fact]
    public void Field_names_are_snake_case_of_the_dto_properties()
    {
        Assert.All(DatasetCatalog.All.SelectMany(d => d.Fields), f => Assert.Equal(OpenDataDbContext.ToSnakeCase(f.DtoProperty.Name), f.Name));
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
