namespace OpenData.Query;

/// <summary>Every dataset the API publishes, in the order of datapackage.json; releases last.</summary>
public static class DatasetCatalog
{
    public static IReadOnlyList<IDataset> All { get; } =
    [
        SourceDto.Dataset,
        AreaDto.Dataset,
        OffenceCategoryDto.Dataset,
        CrimeFigureDto.Dataset,
        IndicatorDto.Dataset,
        TargetDto.Dataset,
        PriorityDto.Dataset,
        ActionDto.Dataset,
        AssessmentScoreDto.Dataset,
        RiskDto.Dataset,
        ReleaseDto.Dataset,
    ];

    /// <summary>A dataset by its public name (e.g. <c>crime-figures</c>).</summary>
    public static IDataset? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
