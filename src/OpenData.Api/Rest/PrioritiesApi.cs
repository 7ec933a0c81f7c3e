using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/priorities</c>: priorities, themes and cross-cutting themes of the plans.</summary>
public static class PrioritiesApi
{
    public static readonly DatasetResource<OpenData.Store.Priority, PriorityDto> Resource = new()
    {
        Dataset = PriorityDto.Dataset,
        ListName = "ListPriorities",
        ItemName = "GetPriority",
        Noun = "priority",
        About = "Priorities, themes and cross-cutting themes of the community-safety plans, with rank, score and lead as published; nested priorities link their parent theme, and actions link the priority they sit under.",
        KeyExample = "rbkc-ccsp-2008-p001",
        FilterExample = ("kind", "priority"),
        LinkFields = ["area_code", "parent_id", "category_id", "source_id"],
        Links = (p, links) => new LinkList(links)
            .Item("self", "priorities", p.Id)
            .Item("area", "areas", p.AreaCode)
            .Item("parent", "priorities", p.ParentId)
            .Item("category", "offence-categories", p.CategoryId)
            .Collection("actions", "actions", ("priority_id", p.Id))
            .Item("source", "sources", p.SourceId),
    };

    public static RouteGroupBuilder MapPriorities(this RouteGroupBuilder group) => group.MapDataset(Resource);
}
