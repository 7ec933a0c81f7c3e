using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/risks</c>: the risk register.</summary>
public static class RisksApi
{
    public static readonly DatasetResource<OpenData.Store.Risk, RiskDto> Resource = new()
    {
        Dataset = RiskDto.Dataset,
        ListName = "ListRisks",
        ItemName = "GetRisk",
        Noun = "risk",
        About = "Entries of the high-level risk register as published: priority area, description, likelihood, impact, mitigation, lead and status.",
        KeyExample = "rbkc-ccsp-2008-r001",
        FilterExample = ("priority_area", "Universal"),
        LinkFields = ["source_id"],
        Links = (r, links) => new LinkList(links)
            .Item("self", "risks", r.Id)
            .Item("source", "sources", r.SourceId),
    };

    public static RouteGroupBuilder MapRisks(this RouteGroupBuilder group) => group.MapDataset(Resource);
}
