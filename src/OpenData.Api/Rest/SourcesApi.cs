using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/sources</c>: the documents and datasets every row names as its source.</summary>
public static class SourcesApi
{
    public static readonly DatasetResource<OpenData.Store.Source, SourceDto> Resource = new()
    {
        Dataset = SourceDto.Dataset,
        ListName = "ListSources",
        ItemName = "GetSource",
        Noun = "source",
        About = "The published documents and datasets the rows come from, with licence and attribution to reproduce. Every row of every dataset has a source_id naming one of these.",
        KeyExample = "mps-ward-crime",
        FilterExample = ("kind", "dataset"),
        LinkFields = ["area_code"],
        Links = (s, links) => new LinkList(links)
            .Item("self", "sources", s.Id)
            .Item("area", "areas", s.AreaCode)
            .Collection("crime_figures", "crime-figures", ("source_id", s.Id))
            .Collection("targets", "targets", ("source_id", s.Id))
            .Collection("actions", "actions", ("source_id", s.Id)),
    };

    public static RouteGroupBuilder MapSources(this RouteGroupBuilder group) => group.MapDataset(Resource);
}
