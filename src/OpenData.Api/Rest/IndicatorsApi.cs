using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/indicators</c>: national (NI, NPI, PSA) and local performance indicators.</summary>
public static class IndicatorsApi
{
    public static readonly DatasetResource<OpenData.Store.Indicator, IndicatorDto> Resource = new()
    {
        Dataset = IndicatorDto.Dataset,
        ListName = "ListIndicators",
        ItemName = "GetIndicator",
        Noun = "indicator",
        About = "National (NI), national police (NPI), PSA and local indicators named in the documents; targets link to them.",
        KeyExample = "npi-17",
        FilterExample = ("scheme", "NPI"),
        LinkFields = ["source_id"],
        Links = (i, links) => new LinkList(links)
            .Item("self", "indicators", i.Id)
            .Collection("targets", "targets", ("indicator_id", i.Id))
            .Item("source", "sources", i.SourceId),
    };

    public static RouteGroupBuilder MapIndicators(this RouteGroupBuilder group) => group.MapDataset(Resource);
}
